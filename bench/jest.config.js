// The bench harness's own unit specs (its scenarios need the fleet and run only in `npm run bench`).
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'bench',
  rootDir: __dirname,
  testMatch: ['<rootDir>/lib/**/*.spec.ts'],
};
