import { ServiceName } from '@mstore/contracts';
import {
  AppName,
  dropDatabase,
  freePort,
  scratchDatabase,
  ServiceProcess,
  startService,
  uniqueSuffix,
} from '@mstore/testing';
import mongoose from 'mongoose';

export const mongoUrl = () => process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017';

/** Nothing listens on port 9: a service the fleet lacks answers 503, never someone else's instance. */
const NOWHERE = 'http://127.0.0.1:9';

/** One instance of an app on a fixed port, so it can be killed and started again at the same address. */
export class Instance {
  process?: ServiceProcess;

  constructor(
    readonly app: AppName,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<this> {
    this.process = await startService(this.app, {
      ...this.env,
      ...extraEnv,
      PORT: String(this.port),
    });
    return this;
  }

  /** Graceful (deregisters from Eureka). */
  async stop(): Promise<void> {
    const p = this.process;
    this.process = undefined;
    await p?.stop();
  }

  /** SIGKILL: a crash, no deregistration. */
  async kill(): Promise<void> {
    const p = this.process;
    this.process = undefined;
    await p?.kill();
  }
}

export interface FleetSpec {
  /** Names the scratch databases (letters and digits). */
  label: string;
  products?: number;
  inventories?: number;
  orders?: number;
  notifications?: boolean;
  /** Extra settings for every app. */
  common?: Record<string, string>;
  /** Extra settings per app, on top of the suite's defaults. */
  env?: Partial<Record<AppName, Record<string, string>>>;
}

/**
 * A private fleet behind its own gateway: scratch databases, and every route pinned to this
 * fleet's instances through SERVICE_URLS, so instances other suites register in the shared Eureka
 * never answer for it (they still register themselves, as real instances do).
 */
export class Fleet {
  readonly databases = {
    catalog: scratchDatabase('e2ecat'),
    inventory: scratchDatabase('e2einv'),
    orders: scratchDatabase('e2eord'),
    notifications: scratchDatabase('e2entf'),
  };
  product: Instance[] = [];
  inventory: Instance[] = [];
  order: Instance[] = [];
  notification?: Instance;
  gateway!: Instance;

  private constructor(readonly spec: FleetSpec) {}

  get url(): string {
    return this.gateway.baseUrl;
  }

  static async start(spec: FleetSpec): Promise<Fleet> {
    const fleet = new Fleet(spec);
    try {
      await fleet.startAll();
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  private async startAll(): Promise<void> {
    const { spec, databases: db } = this;
    const env = (app: AppName, own: Record<string, string>) => ({
      LOG_REQUESTS: 'false',
      ...spec.common,
      ...own,
      ...spec.env?.[app],
    });
    const make = async (app: AppName, own: Record<string, string>) =>
      new Instance(app, await freePort(), env(app, own));
    const many = (n: number, app: AppName, own: Record<string, string>) =>
      Promise.all(Array.from({ length: n }, () => make(app, own)));

    this.product = await many(spec.products ?? 1, 'product-service', {
      MONGO_DATABASE: db.catalog,
      SEED_DEMO_DATA: 'true',
      OUTBOX_POLL_MS: '100',
    });
    this.inventory = await many(spec.inventories ?? 1, 'inventory-service', {
      MYSQL_DATABASE: db.inventory,
      SEED_DEMO_DATA: 'true',
      // the topic is every fleet's: another fleet's deleted demo products are not this catalog's
      KAFKA_START_FROM: 'latest',
      OUTBOX_POLL_MS: '100',
    });
    if (spec.notifications !== false) {
      this.notification = await make('notification-service', {
        MONGO_DATABASE: db.notifications,
        KAFKA_GROUP_ID: `e2e-notifications-${uniqueSuffix()}`,
        KAFKA_START_FROM: 'latest',
        STREAM_POLL_MS: '100',
      });
    }
    // the first instance of each database migrates and seeds alone; the others join it
    await Promise.all([
      this.product[0].start(),
      this.inventory[0].start(),
      this.notification?.start(),
    ]);
    await Promise.all([...this.product.slice(1), ...this.inventory.slice(1)].map((i) => i.start()));

    const urls = (list: Instance[]) => list.map((i) => i.baseUrl).join('|');
    const dependencies = `${ServiceName.Product}=${urls(this.product)},${ServiceName.Inventory}=${urls(this.inventory)}`;
    this.order = await many(spec.orders ?? 1, 'order-service', {
      MYSQL_DATABASE: db.orders,
      SERVICE_URLS: dependencies,
      OUTBOX_POLL_MS: '100',
      RECONCILE_INTERVAL_MS: '1000',
    });
    await this.order[0]?.start();
    await Promise.all(this.order.slice(1).map((i) => i.start()));

    const notifications = this.notification?.baseUrl ?? NOWHERE;
    this.gateway = await make('api-gateway', {
      EUREKA_FETCH_MS: '1000',
      UPSTREAM_TIMEOUT_MS: '30000',
      SERVICE_URLS: `${dependencies},${ServiceName.Order}=${urls(this.order) || NOWHERE},${ServiceName.Notification}=${notifications}`,
    });
    await this.gateway.start();
  }

  get instances(): Instance[] {
    return [
      ...(this.gateway ? [this.gateway] : []),
      ...this.order,
      ...this.product,
      ...this.inventory,
      ...(this.notification ? [this.notification] : []),
    ];
  }

  /** Stops every instance still running and drops the scratch databases. */
  async stop(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.stop()));
    await Promise.all([
      dropDatabase(this.databases.inventory),
      dropDatabase(this.databases.orders),
      dropMongo(this.databases.catalog),
      dropMongo(this.databases.notifications),
    ]);
  }
}

export { queryDatabase as mysqlQuery } from '@mstore/testing';

async function dropMongo(database: string): Promise<void> {
  const connection = await mongoose
    .createConnection(mongoUrl(), { dbName: database, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
