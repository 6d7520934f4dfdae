// npx tsx tools/stack/cli.ts up|down|status|logs [name]|reset <name>
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, logsDir, stackDir } from './paths';
import { httpStatus, isRunning, listManaged, logFile, readPid, readPort } from './process';
import { ensureFleet } from './fleet';
import {
  SERVER_NAMES,
  envOf,
  ensureServers,
  serverStatus,
  stopFleet,
  stopServer,
  stopServers,
  type ServerName,
} from './servers';
import { PrereqError, secondsSince } from './util';

// kafkajs 2.2.4 on Node 24 sets a negative timer (tulios/kafkajs#1751): harmless, hide that one warning.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'TimeoutNegativeWarning') console.warn(`${w.name}: ${w.message}`);
});

const usage = 'usage: stack up [--servers-only] | down [--fleet-only] | status | logs [name] | reset <server>';

async function up(serversOnly: boolean): Promise<void> {
  const t0 = Date.now();
  const env = await ensureServers();
  const started = env.started.length ? ` (started ${env.started.join(', ')})` : '';
  console.log(`\nservers ready in ${secondsSince(t0)}${started}`);
  if (serversOnly) {
    for (const [k, v] of Object.entries(envOf(env)))
      if (k !== 'EUREKA_PASSWORD') console.log(`  ${k}=${v}`);
    return;
  }
  const ports = await ensureFleet(envOf(env));
  console.log(`\nMStore is up in ${secondsSince(t0)}:`);
  console.log(`  gateway        http://localhost:${ports['api-gateway']}`);
  console.log(`  API docs       http://localhost:${ports['api-gateway']}/docs`);
  console.log(
    `  Eureka         http://localhost:8761  (eureka / $EUREKA_PASSWORD, default eureka)`,
  );
  console.log(
    `  Keycloak       ${env.KEYCLOAK_URL}/admin  (admin / admin; realm mstore: alice, bob, admin)`,
  );
  console.log(`  status / logs  npm run status, npm run logs [name]`);
}

async function down(fleetOnly: boolean): Promise<void> {
  const fleet = await stopFleet();
  const servers = fleetOnly ? [] : await stopServers([...SERVER_NAMES].reverse());
  const all = [...fleet, ...servers];
  console.log(all.length ? `stopped ${all.join(', ')}` : 'nothing was running');
}

/** A fleet process: alive, and GET /health/ready on the port it recorded in .stack/run/<name>.port. */
async function fleetStatus(name: string): Promise<[health: string, how: string, url: string]> {
  if (!isRunning(name)) return ['stopped', '', ''];
  const port = readPort(name);
  const how = `pid ${readPid(name)}`;
  if (!port) return ['starting?', how, '(no port file yet)'];
  const code = await httpStatus(`http://127.0.0.1:${port}/health/ready`);
  return [
    code === 200 ? 'healthy' : `UNHEALTHY (${code || 'no answer'})`,
    how,
    `http://127.0.0.1:${port}`,
  ];
}

async function status(): Promise<boolean> {
  const rows = await serverStatus();
  let ok = true;
  for (const r of rows) {
    const health = r.state === 'stopped' ? 'stopped' : r.healthy ? 'healthy' : 'UNHEALTHY';
    if (!r.healthy) ok = false;
    const how = r.state === 'running' ? `pid ${r.pid}` : r.state === 'stopped' ? '' : r.state;
    console.log(`${r.name.padEnd(24)} ${health.padEnd(10)} ${how.padEnd(12)} ${r.url}`);
  }
  for (const name of listManaged('svc-')) {
    const [health, how, url] = await fleetStatus(name);
    if (health !== 'healthy') ok = false;
    console.log(`${name.padEnd(24)} ${health.padEnd(10)} ${how.padEnd(12)} ${url}`);
  }
  return ok;
}

function logs(name?: string): void {
  const files = name
    ? [logFile(name)]
    : existsSync(logsDir)
      ? readdirSync(logsDir)
          .filter((f) => f.endsWith('.log'))
          .map((f) => join(logsDir, f))
      : [];
  const missing = files.filter((f) => !existsSync(f));
  if (files.length === 0 || missing.length) {
    console.error(`no log file ${missing[0] ?? `in ${logsDir}`}`);
    process.exit(1);
  }
  // tail -F follows across restarts; Ctrl-C ends it.
  spawn('tail', ['-n', '50', '-F', ...files], { stdio: 'inherit' }).on('exit', (c) =>
    process.exit(c ?? 0),
  );
}

async function reset(name: string | undefined): Promise<void> {
  if (!name || !SERVER_NAMES.includes(name as ServerName))
    throw new Error(`reset needs one of: ${SERVER_NAMES.join(', ')}`);
  await stopServer(name);
  rmSync(join(dataDir, name), { recursive: true, force: true });
  if (name === 'keycloak') rmSync(join(stackDir, 'keycloak'), { recursive: true, force: true });
  console.log(`${name}: stopped and its data removed; \`npm run up\` starts it afresh`);
}

async function main(): Promise<void> {
  const [cmd, arg] = process.argv.slice(2);
  switch (cmd) {
    case 'up':
      return up(process.argv.includes('--servers-only'));
    case 'down':
      return down(process.argv.includes('--fleet-only'));
    case 'status':
      if (!(await status())) process.exitCode = 1;
      return;
    case 'logs':
      return logs(arg);
    case 'reset':
      return reset(arg);
    default:
      console.error(usage);
      process.exitCode = 2;
  }
}

main().then(
  () => {
    // kafkajs/mongoose may leave sockets or timers behind; the CLI is done.
    if (process.argv[2] !== 'logs') process.exit(process.exitCode ?? 0);
  },
  (e: unknown) => {
    if (e instanceof PrereqError) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(`stack: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
