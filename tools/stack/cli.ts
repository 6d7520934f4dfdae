// npx tsx tools/stack/cli.ts up|down|status|logs [name]|reset <name> (and jaeger-background, which up starts)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, logsDir, repoRoot, stackDir } from './paths';
import {
  httpStatus,
  isRunning,
  listManaged,
  logFile,
  readPid,
  readPort,
  spawnDetached,
  stop,
} from './process';
import { buildAppsAsync, ensureFleet } from './fleet';
import {
  JAEGER_BACKGROUND,
  JAEGER_UI_URL,
  SERVER_NAMES,
  envOf,
  givenByUrl,
  jaegerCached,
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
  'usage: stack up [--servers-only] [--install] | setup | down [--fleet-only] | status | logs [name|all] [--json] | reset <server> | jaeger-background';

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
  const upIn = secondsSince(t0);
  const traces = await tracesBackend();
  const gw = `http://localhost:${ports['api-gateway']}`;
  console.log(`\nMStore is up in ${upIn}: every service answers through the gateway.`);
  console.log(`  storefront     http://localhost:${ports.storefront}  (admin console: /admin)`);
  console.log(`  gateway        ${gw}`);
  console.log(`  API docs       ${gw}/docs`);
  console.log(
    `  Eureka         http://localhost:8761  (eureka / $EUREKA_PASSWORD, default eureka)`,
  );
  console.log(`  Keycloak       ${env.KEYCLOAK_URL}/admin  (console admin / admin)`);
  for (const line of traces) console.log(line);
  console.log(`  dev users      ${devUsers()}`);
  console.log(`  demo data      ${await demoData(gw)}`);
  console.log(`  status / logs  npm run status, npm run logs [name]`);
}

/**
 * Jaeger is not one of the servers `up` waits for. Once the fleet is ready it is started when its
 * binary is cached (a second or two); otherwise a detached `cli.ts jaeger-background` builds it
 * (minutes, first time only, at idle priority) and starts it, while the stack is already in use.
 * Until it answers the services' OTLP exports find nobody and their spans are dropped; requests are
 * never held up by it. Returns what `up` prints for it.
 */
async function tracesBackend(): Promise<string[]> {
  const follow = `npm run logs ${JAEGER_BACKGROUND}`;
  if (isRunning(JAEGER_BACKGROUND))
    return [
      `  traces         ${JAEGER_UI_URL}  (Jaeger, once its first build, still running in the background, is done; follow: ${follow})`,
    ];
  if (!jaegerCached() && !isRunning('jaeger') && !givenByUrl('jaeger')) {
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    spawnDetached(JAEGER_BACKGROUND, tsx, [
      join(repoRoot, 'tools/stack/cli.ts'),
      JAEGER_BACKGROUND,
    ]);
    return [
      `  traces         ${JAEGER_UI_URL}  (Jaeger) once its first build is done: it runs in the background now,`,
      `                 a few minutes, first time only (follow: ${follow}); no traces are exported until then`,
    ];
  }
  try {
    await ensureServers({ only: ['jaeger'] });
    return [`  traces         ${JAEGER_UI_URL}  (Jaeger)`];
  } catch (e) {
    // traces are a convenience: the stack is up without them
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return [`  traces         not available: ${why} (npm run logs jaeger)`];
  }
}

/** The detached first build and start of Jaeger that `up` leaves running (see tracesBackend). */
async function jaegerBackground(): Promise<void> {
  const t0 = Date.now();
  // `down` signals this process group and tsx passes the signal on once more: the second must not
  // kill us before ensureAll has killed the go build (its own group) and cleaned up; a stop that
  // finds nothing under way still ends soon
  process.on('SIGTERM', () => setTimeout(() => process.exit(143), 10_000).unref());
  await ensureServers({ only: ['jaeger'] });
  console.log(`\ntraces ready in ${secondsSince(t0)}: ${JAEGER_UI_URL} (Jaeger)`);
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
  // a background Jaeger build first (it kills its go build as it stops), so it starts nothing after
  const building = !fleetOnly && (await stop(JAEGER_BACKGROUND)) ? [JAEGER_BACKGROUND] : [];
  const fleet = await stopFleet();
  const servers = fleetOnly ? [] : await stopServers(['jaeger', ...[...SERVER_NAMES].reverse()]);
  const all = [...building, ...fleet, ...servers];
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
    const health =
      r.state === 'building'
        ? 'building (first time, in the background)'
        : r.state === 'stopped'
          ? 'stopped'
          : r.healthy
            ? 'healthy'
            : 'UNHEALTHY';
    // an optional server (traces) not running yet does not make the stack unhealthy
    if (!r.healthy && !(r.optional && ['stopped', 'building'].includes(r.state))) ok = false;
    const how =
      r.state === 'running' || r.state === 'building'
        ? `pid ${r.pid}`
        : r.state === 'stopped'
          ? ''
          : r.state;
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
    case JAEGER_BACKGROUND:
      return jaegerBackground();
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
