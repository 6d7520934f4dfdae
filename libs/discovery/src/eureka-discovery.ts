import { Eureka } from 'eureka-js-client';
import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

export interface DiscoveryOptions {
  /** Eureka app name, e.g. ORDER-SERVICE. */
  appName: string;
  eurekaUrl: string;
  user: string;
  password: string;
  instanceHost: string;
  heartbeatMs: number;
  fetchMs: number;
  leaseSeconds: number;
  logger: Logger;
  /** Registry fetches only (a test client, a tool); nothing registered. */
  registerSelf?: boolean;
}

export interface ServiceInstance {
  instanceId: string;
  host: string;
  port: number;
  baseUrl: string;
}

const RETRY_START_MS = 2000;

/** The one wrapper around eureka-js-client: registration, heartbeats, a cached registry. */
export class EurekaDiscovery {
  private client?: Eureka;
  private registered = false;
  private stopped = false;
  private lastFetchOk = 0;
  private retryTimer?: NodeJS.Timeout;

  constructor(private readonly options: DiscoveryOptions) {}

  get isRegistered(): boolean {
    return this.registered;
  }

  /** Registry considered healthy while a fetch succeeded within three intervals. */
  get registryFresh(): boolean {
    return Date.now() - this.lastFetchOk < this.options.fetchMs * 3;
  }

  /** Starts in the background: the service keeps serving while Eureka is down and registers once it is back. */
  start(port: number): void {
    const o = this.options;
    const url = new URL(o.eurekaUrl);
    const register = o.registerSelf !== false;
    const instanceId = `${o.instanceHost}:${o.appName.toLowerCase()}:${port}`;
    const base = `http://${o.instanceHost}:${port}`;
    const client = new Eureka({
      instance: {
        instanceId,
        app: o.appName,
        hostName: o.instanceHost,
        ipAddr: o.instanceHost,
        vipAddress: o.appName.toLowerCase(),
        port: { $: port, '@enabled': true },
        homePageUrl: `${base}/`,
        statusPageUrl: `${base}/health/live`,
        healthCheckUrl: `${base}/health/ready`,
        leaseInfo: {
          renewalIntervalInSecs: Math.ceil(o.heartbeatMs / 1000),
          durationInSecs: o.leaseSeconds,
        },
        dataCenterInfo: {
          '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo',
          name: 'MyOwn',
        },
      } as never,
      eureka: {
        host: url.hostname,
        port: Number(url.port || 80),
        servicePath: `${url.pathname.replace(/\/$/, '')}/apps/`,
        ssl: url.protocol === 'https:',
        heartbeatInterval: o.heartbeatMs,
        registryFetchInterval: o.fetchMs,
        registerWithEureka: register,
        fetchRegistry: true,
        fetchMetadata: false,
        maxRetries: 1,
        requestRetryDelay: 200,
      } as never,
      requestMiddleware: (
        req: Record<string, unknown>,
        done: (r: Record<string, unknown>) => void,
      ) => {
        done({ ...req, auth: { user: o.user, pass: o.password }, timeout: 5000 });
      },
      logger: quietLogger(o.logger),
    } as never);
    // the client is an EventEmitter at runtime; its typings omit it
    const events = client as unknown as EventEmitter;
    events.on('registryUpdated', () => (this.lastFetchOk = Date.now()));
    events.on('registered', () => (this.registered = true));
    this.client = client;
    const attempt = () =>
      client.start((error: unknown) => {
        if (!error || this.stopped) return;
        o.logger.warn({ err: String(error) }, 'eureka unavailable, retrying registration');
        this.retryTimer = setTimeout(attempt, RETRY_START_MS);
      });
    attempt();
  }

  /** UP instances of an app from the cached registry (refreshed every fetch interval). */
  instances(appName: string): ServiceInstance[] {
    const raw = (this.client?.getInstancesByAppId(appName) ?? []) as unknown as RawInstance[];
    return raw
      .filter((i) => i.status === 'UP')
      .map((i) => {
        const port = Number(typeof i.port === 'object' ? i.port.$ : i.port);
        const host = i.ipAddr || i.hostName;
        return {
          instanceId: i.instanceId ?? `${host}:${port}`,
          host,
          port,
          baseUrl: `http://${host}:${port}`,
        };
      });
  }

  /** Deregisters so peers stop routing here; resolves even when Eureka is unreachable. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    if (!client) return;
    await new Promise<void>((resolve) => client.stop(() => resolve()));
    this.registered = false;
  }
}

interface RawInstance {
  instanceId?: string;
  hostName: string;
  ipAddr: string;
  status: string;
  port: { $: number | string } | number;
}

/** eureka-js-client warns on every lookup of an empty app; that is routine here. */
function quietLogger(logger: Logger) {
  const child = logger.child({ component: 'eureka' });
  return {
    debug: (...args: unknown[]) => child.debug(args.map(String).join(' ')),
    info: (...args: unknown[]) => child.debug(args.map(String).join(' ')),
    warn: (...args: unknown[]) =>
      String(args[0]).startsWith('Unable to retrieve')
        ? undefined
        : child.warn(args.map(String).join(' ')),
    error: (...args: unknown[]) => child.warn(args.map(String).join(' ')),
  };
}
