// npx tsx tools/stack/cli.ts up|down|status|logs [name]|reset <name>
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, logsDir, repoRoot, stackDir } from './paths';
import { httpStatus, isRunning, listManaged, logFile, readPid, readPort } from './process';
import { buildAppsAsync, ensureFleet } from './fleet';
import {
  SERVER_NAMES,
  envOf,
  ensureServers,
  stackEnv,
  serverStatus,
  stopFleet,
  stopServer,
  stopServers,
  type ServerName,
} from './servers';
import { missingPackages } from './system-packages';
import { PrereqError, run, secondsSince } from './util';

// kafkajs 2.2.4 on Node 24 sets a negative timer (tulios/kafkajs#1751): harmless, hide that one warning.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'TimeoutNegativeWarning') console.warn(`${w.name}: ${w.message}`);
});

const usage =
  'usage: stack up [--servers-only] [--install] | setup | down [--fleet-only] | status | logs [name|all] [--json] | reset <server>';

async function up(serversOnly: boolean): Promise<void> {
  const t0 = Date.now();
  if (process.argv.includes('--install')) await setup();
  // The apps' build needs no server: it runs while they start, and a failure of either stops both.
  const abort = new AbortController();
  const build = serversOnly ? Promise.resolve() : buildAppsAsync(abort.signal);
  build.catch(() => abort.abort());
  // The services need every server but Keycloak to start (tokens are checked on the first request):
  // they start as soon as those are ready, while Keycloak, usually the slowest, still starts.
  const waiting = new Set<ServerName>(SERVER_NAMES.filter((n) => n !== 'keycloak'));
  let fleetMayStart!: () => void;
  const serversForFleet = new Promise<void>((resolve) => (fleetMayStart = resolve));
  const servers = ensureServers({
    onReady: (name) => waiting.delete(name) && waiting.size === 0 && fleetMayStart(),
  }).then((r) => {
    const started = r.started.length ? ` (started ${r.started.join(', ')})` : '';
    console.log(`\nservers ready in ${secondsSince(t0)}${started}\n`);
    return r;
  });
  const ready = Promise.all([servers, build]);
  ready.catch(() => abort.abort());
  if (serversOnly) {
    const [env] = await ready;
    for (const [k, v] of Object.entries(envOf(env)))
      if (k !== 'EUREKA_PASSWORD') console.log(`  ${k}=${v}`);
    return;
  }
  const early = Promise.race([Promise.all([serversForFleet, build]), ready]);
  const env = envOf(stackEnv());
  const ports = await early
    .then(() => ensureFleet(env, { build: false, routable: ready }))
    .catch(async (e: unknown) => {
      // whichever failed first, both halves settle before the error is reported
      abort.abort();
      await Promise.allSettled([servers, build]);
      throw e;
    });
  await ready;
  const gw = `http://localhost:${ports['api-gateway']}`;
  console.log(`\nMStore is up in ${secondsSince(t0)}: every service answers through the gateway.`);
  console.log(`  storefront     http://localhost:${ports.storefront}  (admin console: /admin)`);
  console.log(`  gateway        ${gw}`);
  console.log(`  API docs       ${gw}/docs`);
  console.log(
    `  Eureka         http://localhost:8761  (eureka / $EUREKA_PASSWORD, default eureka)`,
  );
  console.log(`  Keycloak       ${env.KEYCLOAK_URL}/admin  (console admin / admin)`);
  console.log(`  dev users      ${devUsers()}`);
  console.log(`  demo data      ${await demoData(gw)}`);
  console.log(`  status / logs  npm run status, npm run logs [name]`);
}

/** The realm's users with their roles (password = user name, as in the README). */
function devUsers(): string {
  const realm = JSON.parse(
    readFileSync(join(repoRoot, 'keycloak', 'mstore-realm.json'), 'utf8'),
  ) as { users?: { username: string; realmRoles?: string[] }[] };
  return (realm.users ?? [])
    .filter((u) => !u.username.startsWith('service-account-'))
    .map((u) => {
      const roles = (u.realmRoles ?? []).filter((r) => ['admin', 'customer'].includes(r));
      return `${u.username}/${u.username} (${roles.join(', ')})`;
    })
    .join(', ');
}

/** What the seeded catalog holds, read back through the gateway. */
async function demoData(gateway: string): Promise<string> {
  try {
    const res = await fetch(`${gateway}/api/products?pageSize=100`, {
      signal: AbortSignal.timeout(5000),
    });
    const page = (await res.json()) as {
      total: number;
      items: { category: string; sku: string }[];
    };
    const categories = new Set(page.items.map((p) => p.category));
    return `${page.total} products in ${categories.size} categories (e.g. sku ${page.items[0]?.sku}), each stocked`;
  } catch {
    return 'unknown (the catalog did not answer)';
  }
}

/** Installs the system packages the local stack needs (as root, with apt-get); says what it does. */
async function setup(): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) {
    console.log('[stack] setup    system packages present: nothing to install');
    return;
  }
  const names = missing.map((p) => p.name);
  for (const p of missing) console.log(`[stack] setup    missing ${p.name}: ${p.for}`);
  const cmd = `apt-get install -y --no-install-recommends ${names.join(' ')}`;
  if (process.getuid?.() !== 0)
    throw new PrereqError(`missing system packages: ${names.join(', ')} — run: sudo ${cmd}`);
  console.log(`[stack] setup    installing: ${cmd}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = cmd.split(' ').slice(1);
  const t0 = Date.now();
  try {
    await run('apt-get', args, { env, logName: 'apt-install' });
  } catch {
    // A fresh machine may have no package lists yet.
    console.log('[stack] setup    apt-get update (no package lists yet)');
    await run('apt-get', ['update', '-q'], { env, logName: 'apt-update' });
    await run('apt-get', args, { env, logName: 'apt-install' });
  }
  console.log(
    `[stack] setup    installed ${names.join(', ')} in ${secondsSince(t0)} (log: .stack/logs/apt-install.log)`,
  );
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
  // the storefront has no health routes: its home page (server-rendered from the gateway) is the check
  const path = name.startsWith('svc-storefront') ? '/' : '/health/ready';
  const code = await httpStatus(`http://127.0.0.1:${port}${path}`);
  return [
    code === 200 ? 'healthy' : `UNHEALTHY (${code || 'no answer'})`,
    how,
    `http://127.0.0.1:${port}`,
  ];
}

async function status(): Promise<boolean> {
  const rows: [name: string, health: string, how: string, url: string][] = [];
  let ok = true;
  for (const r of await serverStatus()) {
    const health = r.state === 'stopped' ? 'stopped' : r.healthy ? 'healthy' : 'UNHEALTHY';
    if (!r.healthy) ok = false;
    const how = r.state === 'running' ? `pid ${r.pid}` : r.state === 'stopped' ? '' : r.state;
    rows.push([r.name, health, how, r.url]);
  }
  for (const name of listManaged('svc-')) {
    const [health, how, url] = await fleetStatus(name);
    if (health !== 'healthy') ok = false;
    rows.push([name, health, how, url]);
  }
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    console.log(
      `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`.trimEnd(),
    );
  return ok;
}

/**
 * Follows logs: the services' by default, pretty-printed by pino-pretty (JSON lines; a server's
 * plain lines pass through); `all` adds the servers and builds; `--json` keeps the raw lines.
 */
function logs(name: string | undefined, json: boolean): void {
  const all = existsSync(logsDir) ? readdirSync(logsDir).filter((f) => f.endsWith('.log')) : [];
  const files =
    name && name !== 'all'
      ? [logFile(name)]
      : all.filter((f) => name === 'all' || f.startsWith('svc-')).map((f) => join(logsDir, f));
  const missing = files.filter((f) => !existsSync(f));
  if (files.length === 0 || missing.length) {
    const known = all.map((f) => f.slice(0, -4)).join(', ');
    console.error(
      `no log ${missing[0] ?? `of a service in ${logsDir}`}${known ? ` (have: ${known}, all)` : ''}`,
    );
    process.exit(1);
  }
  // tail -F follows across restarts; Ctrl-C ends it.
  const tail = spawn('tail', ['-n', '50', '-F', ...files], {
    stdio: ['ignore', json ? 'inherit' : 'pipe', 'inherit'],
  });
  if (!json) {
    const pretty = spawn(
      join(repoRoot, 'node_modules/.bin/pino-pretty'),
      [
        ...['--translateTime', 'SYS:HH:MM:ss.l', '--singleLine', '--messageKey', 'msg'],
        ...['--ignore', 'pid,hostname,service,context'],
        ...['--messageFormat', '{service}{if context} {context}{end}: {msg}'],
      ],
      { stdio: ['pipe', 'inherit', 'inherit'] },
    );
    if (tail.stdout && pretty.stdin) tail.stdout.pipe(pretty.stdin);
    pretty.on('exit', (c) => process.exit(c ?? 0));
  }
  tail.on('exit', (c) => process.exit(c ?? 0));
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
      return logs(arg?.startsWith('--') ? undefined : arg, process.argv.includes('--json'));
    case 'setup':
      return setup();
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
    // The failing step already printed its log tail as it failed; end with the one line.
    console.error(`stack: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exit(1);
  },
);
