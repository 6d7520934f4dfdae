module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mysql',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
