// Leaves the machine as the tests found it: stops only what global-setup.js started.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '../..');

/**
 * Service processes a suite started and never stopped (a failing afterAll) keep jest's pipes open, and
 * jest would wait for them forever: they are killed here, by name, so the leak shows in the output.
 */
function killLeakedServices() {
  const { readdirSync, readFileSync } = require('node:fs');
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!/dist\/apps\/[\w-]+\/main\.js/.test(cmd)) continue;
      console.warn(
        `global teardown: a suite left ${cmd.match(/dist\/apps\/([\w-]+)/)[1]} running (pid ${pid}); killed`,
      );
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone meanwhile, or no /proc */
    }
  }
}

module.exports = async () => {
  killLeakedServices();
  if (globalThis.__MSTORE_CONTAINERS__) {
    await Promise.all(globalThis.__MSTORE_CONTAINERS__.map((c) => c.stop()));
    return;
  }
  const started = (process.env.MSTORE_STARTED_SERVERS ?? '').split(',').filter(Boolean);
  if (started.length === 0 || process.env.MSTORE_KEEP_STACK === 'true') return;
  execFileSync(
    join(root, 'node_modules/.bin/tsx'),
    [join(__dirname, 'stack-env.ts'), 'stop', ...started],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
};
