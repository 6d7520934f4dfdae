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
  /** The gateway's management listener (/metrics, /health), on an ephemeral port of its own. */
  managementUrl?: string;
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
  const managementPortFile = join(dir, `${id}.management-port`);
  const logFile = join(dir, `${id}.log`);
  rmSync(portFile, { force: true });
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', main], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // the gateway's default 8081 belongs to the local stack's gateway (other apps ignore it)
      MANAGEMENT_PORT: '0',
      // traces go to the local stack's Jaeger, soon after the fact; with nothing listening there
      // the SDK drops them quietly, so suites that read no traces need no Jaeger
      OTEL_EXPORTER_OTLP_ENDPOINT:
        process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'http://127.0.0.1:4318',
      OTEL_BSP_SCHEDULE_DELAY: process.env['OTEL_BSP_SCHEDULE_DELAY'] ?? '500',
      // every test fleet registers in the one shared Eureka: a gateway there is not this fleet's peer
      RATE_LIMIT_GATEWAYS: '1',
      ...env,
      PORT_FILE: portFile,
      MANAGEMENT_PORT_FILE: managementPortFile,
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
    // written before the public port opens (apps/api-gateway/src/management)
    const managementUrl = existsSync(managementPortFile)
      ? `http://127.0.0.1:${readFileSync(managementPortFile, 'utf8')}`
      : undefined;
    if (waitReady) {
      await waitFor(async () => (await fetch(`${baseUrl}/health/ready`)).ok, {
        timeoutMs: readyTimeoutMs,
        label: `${app} to be ready (${logFile})`,
      });
    }
    return { port, baseUrl, managementUrl };
  };
  let port: number;
  let baseUrl: string;
  let managementUrl: string | undefined;
  try {
    ({ port, baseUrl, managementUrl } = await started());
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
    managementUrl,
    pid: child.pid ?? 0,
    logFile,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
