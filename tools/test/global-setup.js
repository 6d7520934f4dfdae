// Integration tests need real servers. Order of preference: URLs from the environment; testcontainers
// when a Docker engine answers; otherwise the local stack (DESIGN §6). Whatever is started here is
// stopped by global-teardown.js.
require('./quiet-warnings');
const { execFileSync, spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { startContainers } = require('./containers');

const root = join(__dirname, '../..');
const URL_VARS = ['MYSQL_URL', 'MONGO_URL', 'KAFKA_BROKERS', 'KEYCLOAK_URL', 'EUREKA_URL'];

function dockerAvailable() {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && r.stdout.trim().length > 0;
}

module.exports = async () => {
  if (URL_VARS.every((v) => process.env[v])) return;
  if (process.env.MSTORE_TESTCONTAINERS !== 'false' && dockerAvailable()) {
    globalThis.__MSTORE_CONTAINERS__ = await startContainers(process.env);
    return;
  }
  const out = execFileSync(join(root, 'node_modules/.bin/tsx'), [join(__dirname, 'stack-env.ts'), 'up'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  const line = out.split('\n').find((l) => l.startsWith('STACK_ENV '));
  if (!line) throw new Error(`the local stack did not report its settings:\n${out}`);
  const { started, ...env } = JSON.parse(line.slice('STACK_ENV '.length));
  // workers inherit the parent's environment
  Object.assign(process.env, env);
  process.env.MSTORE_STARTED_SERVERS = started.join(',');
};
