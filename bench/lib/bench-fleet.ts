import mongoose from 'mongoose';
import { AppName, scratchDatabase, ServiceProcess, startService } from '@mstore/testing';
import { buildApps } from '@mstore/stack/fleet';
import { pidAlive, readPid } from '@mstore/stack/process';
import {
  ensureServers,
  envOf,
  SERVER_NAMES,
  StackEnv,
  stopServers,
} from '@mstore/stack/servers';
import { BenchServer, startBenchServer } from './bench-server';
import { LOAD_CORE, MEASURED_CORE, pin, processTree, rssMiB, unpin } from './cpu-pinning';

/** The bench's own instances (not the fleet's :8080): fixed upstreams so load stays on them. */
export interface BenchFleet {
  env: StackEnv;
  product: ServiceProcess;
  inventory: ServiceProcess;
  order: ServiceProcess;
  notification: ServiceProcess;
  gateway: ServiceProcess;
  /** The trivial upstream the gateway routes /api/notifications to. */
  hello: BenchServer;
  /** The bench notification-service's scratch database. */
  notificationDb: string;
  idleRss: Record<string, number>;
  /**
   * Leaves core 1 to the given instances (and what a scenario starts there): the other instances
   * and the local servers move to core 0 until the returned function puts them back.
   */
  isolate(measured: ServiceProcess[]): () => void;
  stop(): Promise<void>;
}

const QUIET = { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false' };

/** Starts the servers that are not running (remembering which), builds and starts the instances. */
export async function startBenchFleet(): Promise<BenchFleet> {
  const servers = await ensureServers();
  const env = envOf(servers);
  buildApps();
  const started: ServiceProcess[] = [];
  const notificationDb = scratchDatabase('bench_notifications');
  const start = async (app: AppName, extra: Record<string, string> = {}) => {
    const service = await startService(
      app,
      { ...env, ...QUIET, ...extra },
      { readyTimeoutMs: 120_000 },
    );
    started.push(service);
    pin(service.pid, MEASURED_CORE);
    return service;
  };
  const hello = await startBenchServer('http-hello', LOAD_CORE);
  try {
    const [product, inventory, notification] = await Promise.all([
      start('product-service'),
      start('inventory-service', { RESERVATION_TTL_SECONDS: '600' }),
      // its own consumer group from the latest offset and its own database: no backlog left by
      // other runs or tests delays the event-latency figure, and nothing of theirs is touched
      start('notification-service', {
        KAFKA_GROUP_ID: `bench-${notificationDb}`,
        KAFKA_START_FROM: 'latest',
        MONGO_DATABASE: notificationDb,
      }),
    ]);
    const order = await start('order-service', {
      SERVICE_URLS: `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=${inventory.baseUrl}`,
      MYSQL_POOL_SIZE: '32',
    });
    const gateway = await start('api-gateway', {
      PORT: '0',
      RATE_LIMIT_CAPACITY: '100000000',
      RATE_LIMIT_REFILL_PER_SEC: '100000000',
      CATALOG_MISS_BURST: '100000000',
      CATALOG_MISS_RATE_PER_S: '100000000',
      SERVICE_URLS: [
        `PRODUCT-SERVICE=${product.baseUrl}`,
        `INVENTORY-SERVICE=${inventory.baseUrl}`,
        `ORDER-SERVICE=${order.baseUrl}`,
        `NOTIFICATION-SERVICE=${hello.url}`,
      ].join(','),
    });
    const idleRss = Object.fromEntries(started.map((s) => [s.app, rssMiB(s.pid)]));
    return {
      env,
      product,
      inventory,
      order,
      notification,
      gateway,
      hello,
      notificationDb,
      idleRss,
      isolate: (measured) => {
        const others = started.filter((s) => !measured.includes(s)).map((s) => s.pid);
        // servers given by URL have no pid here and stay where they are
        const servers = SERVER_NAMES.map(readPid)
          .filter((pid): pid is number => pid !== undefined)
          .flatMap(processTree);
        for (const pid of [...others, ...servers]) pinIfAlive(pid, LOAD_CORE);
        return () => {
          for (const pid of others) pinIfAlive(pid, MEASURED_CORE);
          for (const pid of servers) unpin(pid);
        };
      },
      stop: async () => {
        await Promise.all(started.map((s) => s.stop()));
        await hello.stop();
        await dropMongoDatabase(env.MONGO_URL, notificationDb);
        // only what this run started; servers that were already up stay up
        if (servers.started.length) await stopServers(servers.started);
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    await hello.stop();
    if (servers.started.length) await stopServers(servers.started);
    throw error;
  }
}

/** Highest RSS seen per service while load runs (sampled twice a second). */
export class RssSampler {
  readonly peak: Record<string, number> = {};
  private timer?: NodeJS.Timeout;

  constructor(private readonly services: ServiceProcess[]) {}

  start(): void {
    this.timer = setInterval(() => {
      for (const s of this.services) {
        try {
          this.peak[s.app] = Math.max(this.peak[s.app] ?? 0, rssMiB(s.pid));
        } catch {
          // the process is gone (the breaker scenario stops inventory)
        }
      }
    }, 500);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function dropMongoDatabase(url: string, dbName: string): Promise<void> {
  const conn = await mongoose.createConnection(url, { dbName }).asPromise();
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}

/** The breaker scenario stops inventory: a process gone meanwhile is no error. */
function pinIfAlive(pid: number, core: number): void {
  try {
    pin(pid, core);
  } catch (error) {
    if (pidAlive(pid)) throw error;
  }
}
