// The fleet: every app built once, then one instance each started as a detached local process
// (svc-<app>-<n>), registered in Eureka with its ephemeral port; the gateway on :8080.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { httpStatus, isRunning, portFile, spawnDetached, waitFor, writePort } from './process';
import type { StackEnv } from './servers';
import { say, secondsSince } from './util';

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
};

/** Builds the apps through Nx (cached: a second run only checks hashes). */
export function buildApps(): void {
  const t0 = Date.now();
  say('fleet', 'building apps (nx, cached)…');
  const nx = join(repoRoot, 'node_modules/.bin/nx');
  const r = spawnSync(
    nx,
    ['run-many', '-t', 'build', '-p', APPS.join(','), '--output-style=static'],
    {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false' },
      encoding: 'utf8',
    },
  );
  if (r.status !== 0)
    throw new Error(`building the apps failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
  say('fleet', `built in ${secondsSince(t0)}`);
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
      env: { ...process.env, ...env, HOST: '127.0.0.1', ...SEEDS[app], ...extra, PORT_FILE: file },
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
export async function ensureFleet(env: StackEnv): Promise<Record<string, number>> {
  buildApps();
  const t0 = Date.now();
  say('fleet', 'starting services…');
  const ports = await Promise.all(APPS.map((app) => startInstance(app, env)));
  say('fleet', `ready in ${secondsSince(t0)}`);
  return Object.fromEntries(APPS.map((app, i) => [app, ports[i]]));
}
