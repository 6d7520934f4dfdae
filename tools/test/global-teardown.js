// Leaves the machine as the tests found it: stops only what global-setup.js started.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '../..');

module.exports = async () => {
  if (globalThis.__MSTORE_CONTAINERS__) {
    await Promise.all(globalThis.__MSTORE_CONTAINERS__.map((c) => c.stop()));
    return;
  }
  const started = (process.env.MSTORE_STARTED_SERVERS ?? '').split(',').filter(Boolean);
  if (started.length === 0 || process.env.MSTORE_KEEP_STACK === 'true') return;
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(__dirname, 'stack-env.ts'), 'stop', ...started], {
    cwd: root,
    stdio: 'inherit',
  });
};
