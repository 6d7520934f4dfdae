// Unit specs of the stack CLI (tools/stack): real child processes, no servers.
const preset = require('../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'tools',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // real child processes: a spec waits up to its own timeoutMs (30 s), and one waits 6 s on purpose
  testTimeout: 60_000,
};
