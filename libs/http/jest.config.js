module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'http',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
