module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'product-service',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
