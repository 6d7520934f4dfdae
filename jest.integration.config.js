// Integration and end-to-end suites: real servers (local stack or given URLs), one file at a time.
const preset = require('./jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/apps/**/*.int-spec.ts',
    '<rootDir>/libs/**/*.int-spec.ts',
    '<rootDir>/deploy/**/*.int-spec.ts',
    '<rootDir>/tools/**/*.int-spec.ts',
    '<rootDir>/e2e/**/*.e2e-spec.ts',
  ],
  globalSetup: '<rootDir>/tools/test/global-setup.js',
  globalTeardown: '<rootDir>/tools/test/global-teardown.js',
  testTimeout: 120_000,
  maxWorkers: 1,
  // a socket some client library keeps open must not hold CI until its timeout (leaked service
  // processes are killed and named by global-teardown.js)
  forceExit: true,
};
