module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'order-service',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
