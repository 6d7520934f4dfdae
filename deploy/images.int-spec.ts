// What the Dockerfile's runtime stage does, without Docker: each app's production bundle
// (`nx run <app>:build` → dist/apps/<app>/ with the package.json + package-lock.json Nx generates)
// gets ONLY those dependencies (`npm ci --omit=dev --ignore-scripts`, the registry through npm's
// cache) in a scratch directory outside the workspace, and must start from there with them alone:
// `node main.js` until /health/live answers 200. A package the bundle needs but the generated
// package.json lacks fails here, as it would in the image. With the image's NODE_ENV=production each
// bundle first has to refuse the local servers' development credentials.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const apps = [
  'api-gateway',
  'product-service',
  'order-service',
  'inventory-service',
  'notification-service',
];
const scratch = mkdtempSync(join(tmpdir(), 'mstore-image-bundles-'));

/** The shared local servers (or whatever the global setup was given). */
const stackEnv = {
  MYSQL_URL: process.env.MYSQL_URL ?? 'mysql://mstore:mstore@127.0.0.1:3306',
  MONGO_URL: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KEYCLOAK_URL: process.env.KEYCLOAK_URL ?? 'http://localhost:8180',
  EUREKA_URL: process.env.EUREKA_URL ?? 'http://localhost:8761/eureka/',
};

/** Keeps a test instance out of the shared fleet's way: not registered, own consumer group, no relay lease. */
const isolation: Record<string, Record<string, string>> = {
  'product-service': { OUTBOX_RELAY_ENABLED: 'false' },
  'notification-service': { KAFKA_GROUP_ID: `image-bundle-test-${process.pid}` },
};

function sh(cmd: string, args: string[], cwd: string, timeoutMs: number) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 1 << 26,
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      npm_config_update_notifier: 'false',
    },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

async function waitLive(child: ChildProcess, portFile: string, log: () => string): Promise<number> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${log()}`);
    if (existsSync(portFile)) {
      const port = Number(readFileSync(portFile, 'utf8'));
      const res = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined);
      if (res?.status === 200) return port;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/health/live did not answer 200 within 90 s:\n${log()}`);
}

describe('production bundles start with only their generated dependency list', () => {
  beforeAll(() => {
    // cached by Nx when `npm test`'s build step has just built them
    const r = sh(
      'npx',
      ['nx', 'run-many', '-t', 'build', '-p', ...apps, '--output-style=static'],
      root,
      15 * 60_000,
    );
    if (r.status !== 0) throw new Error(`nx build failed:\n${r.output.slice(-4000)}`);
  }, 16 * 60_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(apps)(
    '%s',
    async (app) => {
      const dist = join(root, 'dist', 'apps', app);
      const pkg = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      expect(existsSync(join(dist, 'package-lock.json'))).toBe(true);
      // pruned: runtime packages of this app only, never the build tooling or the node binary
      expect(Object.keys(pkg.dependencies).length).toBeGreaterThan(5);
      for (const dev of ['nx', 'node', 'typescript', 'jest', 'webpack-cli', '@nx/webpack'])
        expect(Object.keys(pkg.dependencies)).not.toContain(dev);
      expect(pkg.devDependencies ?? {}).toEqual({});

      const dir = join(scratch, app);
      mkdirSync(dir, { recursive: true });
      cpSync(dist, dir, { recursive: true });
      // the Dockerfile's runtime install, word for word
      const install = sh(
        'npm',
        ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
        dir,
        8 * 60_000,
      );
      if (install.status !== 0) throw new Error(`npm ci failed:\n${install.output.slice(-4000)}`);
      // exactly the generated list and what it pulls in: no workspace package leaked in
      expect(existsSync(join(dir, 'node_modules', 'nx'))).toBe(false);
      expect(existsSync(join(dir, 'node_modules', 'typescript'))).toBe(false);

      const portFile = join(dir, 'port');
      // nothing from the workspace: only the bundle's own node_modules can resolve
      const bundleEnv = {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        PORT_FILE: portFile,
        // the gateway's management listener; its default 8081 is the local stack's gateway's
        MANAGEMENT_PORT: '0',
        INSTANCE_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        EUREKA_ENABLED: 'false',
        ...stackEnv,
        ...isolation[app],
      };
      // the image's NODE_ENV=production refuses the local servers' dev credentials, naming them
      const refused = spawnSync(process.execPath, ['main.js'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...bundleEnv, NODE_ENV: 'production' },
      });
      expect(refused.status).toBe(78);
      expect(refused.stderr).toMatch(/^ {2}EUREKA_PASSWORD: is the development default/m);
      expect(refused.stderr).toMatch(/^ {2}SERVICE_CLIENT_SECRET: is the development default/m);

      let output = '';
      const child = spawn(process.execPath, ['--enable-source-maps', 'main.js'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...bundleEnv, NODE_ENV: 'development' },
      });
      child.stdout?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-8000)));
      child.stderr?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-8000)));
      try {
        const port = await waitLive(child, portFile, () => output);
        expect(port).toBeGreaterThan(0);
        expect(output).not.toMatch(/Cannot find module/);
      } finally {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(timer);
        }
      }
    },
    10 * 60_000,
  );
});
