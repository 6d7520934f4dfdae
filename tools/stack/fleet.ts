// The fleet: every app built once, then one instance each started as a detached local process
// (svc-<app>-<n>), registered in Eureka with its ephemeral port; the gateway on :8080.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';
import {
  httpStatus,
  isRunning,
  portFile,
  spawnDetached,
  stop,
  waitFor,
  writePort,
} from './process';
import { step } from './progress';
import type { StackEnv } from './servers';
import { run, say, secondsSince } from './util';

export const APPS = [
  'product-service',
  'inventory-service',
  'order-service',
  'notification-service',
  'api-gateway',
] as const;
export type AppName = (typeof APPS)[number];

const SEEDS: Partial<Record<AppName, Record<string, string>>> = {
  'product-service': { SEED_DEMO_DATA: 'true' },
  'inventory-service': { SEED_DEMO_DATA: 'true' },
  // the storefront's server, on this machine, forwards each shopper's address
  'api-gateway': { TRUSTED_PROXIES: 'loopback' },
};

/** Builds the apps through Nx (cached: a second run only checks hashes). */
export function buildApps(): void {
  const t0 = Date.now();
  say('fleet', 'building apps (nx, cached)…');
  const r = spawnSync(nx, nxBuildArgs, {
    cwd: repoRoot,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`building the apps failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
  say('fleet', `built in ${secondsSince(t0)}`);
}

const nx = join(repoRoot, 'node_modules/.bin/nx');
const nxBuildArgs = [
  ...['run-many', '-t', 'build', '-p', [...APPS, 'storefront'].join(',')],
  '--output-style=static',
];

/** The storefront (apps/storefront, React Router's own server) on DESIGN's :3000, after the gateway. */
export const STOREFRONT_PORT = Number(process.env.STOREFRONT_PORT ?? 3000);

async function startStorefront(gatewayPort: number, env: StackEnv): Promise<void> {
  const name = 'svc-storefront-1';
  if (!isRunning(name)) {
    const server = join(repoRoot, 'dist/apps/storefront/server/index.js');
    if (!existsSync(server)) throw new Error(`${server} missing; the build did not produce it`);
    spawnDetached(
      name,
      process.execPath,
      [join(repoRoot, 'apps/storefront/server.mjs'), server],
      {
        cwd: join(repoRoot, 'apps/storefront'),
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(STOREFRONT_PORT),
          HOST: '127.0.0.1',
          GATEWAY_URL: `http://localhost:${gatewayPort}`,
          KEYCLOAK_URL: env.KEYCLOAK_URL,
        },
        port: STOREFRONT_PORT,
      },
    );
  }
  await waitFor(async () => (await httpStatus(`http://127.0.0.1:${STOREFRONT_PORT}/`)) === 200, {
    label: `${name} to serve its home page`,
    timeoutMs: 60_000,
    process: name,
  });
}

/** The same build without blocking: `up` runs it while the servers start. */
export function buildAppsAsync(signal?: AbortSignal): Promise<void> {
  return step(
    'fleet',
    'building apps',
    () =>
      run(nx, nxBuildArgs, {
        cwd: repoRoot,
        env: { ...process.env, NX_DAEMON: 'false' },
        logName: 'build-apps',
        signal,
      }),
    { note: 'nx, cached after the first time', done: 'built' },
  );
}

/** Starts one instance of an app unless that instance is already running; resolves when it is ready. */
export async function startInstance(
  app: AppName,
  env: StackEnv,
  n = 1,
  extra: Record<string, string> = {},
): Promise<number> {
  const name = `svc-${app}-${n}`;
  const file = portFile(name);
  if (!isRunning(name)) {
    rmSync(file, { force: true });
    const main = join(repoRoot, 'dist/apps', app, 'main.js');
    if (!existsSync(main)) throw new Error(`${main} missing; the build did not produce it`);
    spawnDetached(name, process.execPath, ['--enable-source-maps', main], {
      cwd: repoRoot,
      env: {
        // traces to the stack's Jaeger (it starts after the fleet: until then spans are dropped)
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        ...process.env,
        ...env,
        HOST: '127.0.0.1',
        ...SEEDS[app],
        ...extra,
        PORT_FILE: file,
      },
    });
  }
  let port = 0;
  await waitFor(
    async () => {
      if (!existsSync(file)) return false;
      port = Number(readFileSync(file, 'utf8'));
      return (await httpStatus(`http://127.0.0.1:${port}/health/ready`)) === 200;
    },
    { label: `${name} to be ready`, timeoutMs: 90_000, process: name },
  );
  writePort(name, port);
  return port;
}

/** Brings the whole fleet up in parallel (the gateway's port comes from its PORT default, 8080). */
export async function ensureFleet(
  env: StackEnv,
  opts: {
    build?: boolean;
    /** Awaited before the route probes (their token comes from Keycloak); the services start meanwhile. */
    routable?: Promise<unknown>;
  } = {},
): Promise<Record<string, number>> {
  if (opts.build !== false) buildApps();
  const t0 = Date.now();
  say('fleet', 'starting services…');
  const started: string[] = [];
  try {
    const ports = await Promise.all(
      APPS.map((app) => {
        if (!isRunning(`svc-${app}-1`)) started.push(`svc-${app}-1`);
        return startInstance(app, env);
      }),
    );
    say('fleet', `every service healthy in ${secondsSince(t0)}`);
    const gateway = ports[APPS.indexOf('api-gateway')];
    if (!isRunning('svc-storefront-1')) started.push('svc-storefront-1');
    // the storefront's home page answers once the gateway routes: both waits run together
    await Promise.all([
      step(
        'fleet',
        'waiting until the gateway routes to every service',
        async () => (await opts.routable, waitRoutable(gateway, env)),
        { done: `the gateway routes to all ${Object.keys(ROUTE_PROBES).length} services` },
      ),
      startStorefront(gateway, env),
    ]);
    return {
      ...Object.fromEntries(APPS.map((app, i) => [app, ports[i]])),
      storefront: STOREFRONT_PORT,
    };
  } catch (e) {
    for (const name of started.reverse()) await stop(name, { timeoutMs: 10_000 });
    if (started.length) say('fleet', `stopped what this run started: ${started.join(', ')}`);
    throw e;
  }
}

/** A real request through the gateway to each service: 200 once the gateway has found them all. */
export const ROUTE_PROBES: Record<Exclude<AppName, 'api-gateway'>, string> = {
  'product-service': '/api/products?pageSize=1',
  'inventory-service': `/api/inventory?sku=ELEC-0001`,
  'order-service': '/api/orders?pageSize=1',
  'notification-service': '/api/notifications?pageSize=1',
};

async function waitRoutable(gatewayPort: number, env: StackEnv): Promise<void> {
  const token = await devToken(env.KEYCLOAK_URL);
  const pending = new Set(Object.keys(ROUTE_PROBES) as (keyof typeof ROUTE_PROBES)[]);
  await waitFor(
    async () => {
      for (const app of [...pending]) {
        const code = await httpStatus(`http://127.0.0.1:${gatewayPort}${ROUTE_PROBES[app]}`, {
          authorization: `Bearer ${token}`,
        });
        if (code === 200) pending.delete(app);
      }
      return pending.size === 0;
    },
    {
      label: `the gateway to route to ${[...pending].join(', ')}`,
      timeoutMs: 90_000,
      intervalMs: 500,
    },
  );
}

/** A customer token for the route probes (direct grant, enabled for development). */
async function devToken(keycloakUrl: string): Promise<string> {
  const res = await fetch(`${keycloakUrl}/realms/mstore/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'storefront',
      username: 'alice',
      password: 'alice',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`Keycloak refused the dev token for alice: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
