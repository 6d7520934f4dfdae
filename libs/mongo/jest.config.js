module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mongo',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
