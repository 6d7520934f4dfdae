import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { waitFor } from './wait-for';

export type AppName =
  | 'api-gateway'
  | 'product-service'
  | 'order-service'
  | 'inventory-service'
  | 'notification-service';

export interface ServiceProcess {
  app: AppName;
  port: number;
  baseUrl: string;
  pid: number;
  logFile: string;
  /** SIGTERM and wait for exit (graceful: deregisters from Eureka). */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

const root = resolve(__dirname, '../../..');

/**
 * Starts one real instance of a built app (dist/apps/<app>/main.js) on an ephemeral port and
 * waits until /health/ready answers 200. Env comes from the test process plus `env`.
 */
export async function startService(
  app: AppName,
  env: Record<string, string> = {},
  { readyTimeoutMs = 60_000, waitReady = true } = {},
): Promise<ServiceProcess> {
  const main = join(root, 'dist/apps', app, 'main.js');
  if (!existsSync(main))
    throw new Error(`${main} is missing: build the apps first (npx nx run-many -t build)`);
  const dir = join(tmpdir(), 'mstore-test');
  mkdirSync(dir, { recursive: true });
  const id = `${app}-${randomBytes(3).toString('hex')}`;
  const portFile = join(dir, `${id}.port`);
  const logFile = join(dir, `${id}.log`);
  rmSync(portFile, { force: true });
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', main], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
      PORT_FILE: portFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  // an instance that never got ready is killed here: the caller has no handle to stop it
  const started = async () => {
    const port = await waitFor(
      () => {
        if (exited)
          throw new Error(
            `${app} exited during start; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`,
          );
        return existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : undefined;
      },
      { timeoutMs: readyTimeoutMs, label: `${app} to listen` },
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    if (waitReady) {
      await waitFor(async () => (await fetch(`${baseUrl}/health/ready`)).ok, {
        timeoutMs: readyTimeoutMs,
        label: `${app} to be ready (${logFile})`,
      });
    }
    return { port, baseUrl };
  };
  let port: number;
  let baseUrl: string;
  try {
    ({ port, baseUrl } = await started());
  } catch (error) {
    if (!exited) child.kill('SIGKILL');
    await exit;
    throw error;
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (!exited) child.kill(sig);
    await exit;
  };
  return {
    app,
    port,
    baseUrl,
    pid: child.pid ?? 0,
    logFile,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
