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

/**
 * Jaeger for the suites that read traces, synchronously: given by OTEL_EXPORTER_OTLP_ENDPOINT,
 * already running, or built (several minutes the first time) and started. Sets
 * OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_QUERY_URL (inherited by what is spawned after) and returns
 * them with `started`. Not part of every run: a suite calls it, or MSTORE_TRACES=true asks for it here.
 */
function ensureJaeger() {
  const out = execFileSync(join(root, 'node_modules/.bin/tsx'), [join(__dirname, 'stack-env.ts'), 'jaeger'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  const line = out.split('\n').find((l) => l.startsWith('JAEGER_ENV '));
  if (!line) throw new Error(`the local stack did not report Jaeger's settings:\n${out}`);
  const result = JSON.parse(line.slice('JAEGER_ENV '.length));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = result.OTEL_EXPORTER_OTLP_ENDPOINT;
  process.env.JAEGER_QUERY_URL = result.JAEGER_QUERY_URL;
  return result;
}

function tracesIfAsked() {
  if (process.env.MSTORE_TRACES !== 'true') return;
  const { started } = ensureJaeger();
  // global-teardown.js stops what this run started
  if (started)
    process.env.MSTORE_STARTED_SERVERS = [process.env.MSTORE_STARTED_SERVERS, 'jaeger'].filter(Boolean).join(',');
}

module.exports = async () => {
  if (URL_VARS.every((v) => process.env[v])) return tracesIfAsked();
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
  tracesIfAsked();
};
module.exports.ensureJaeger = ensureJaeger;
