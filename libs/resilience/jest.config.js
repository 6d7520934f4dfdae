module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'resilience',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
