import type { Logger } from 'pino';
import { EurekaHttp, undiciEurekaHttp } from './eureka-http';
import {
  instanceDocument,
  instanceFromUrl,
  parseApplications,
  ServiceInstance,
} from './eureka-registry';

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
  /** false (EUREKA_ENABLED): no registration, no fetch; only staticUrls resolve. Default true. */
  enabled?: boolean;
  /** Fixed URLs per app name (SERVICE_URLS); these names never come from the registry. */
  staticUrls?: Record<string, string[]>;
  /** Per Eureka call; default twice the heartbeat, within 2–5 s (a cold server's first answers are slow). */
  timeoutMs?: number;
}

/** Least time between two registry fetches brought forward by a lookup of an unknown app. */
const MISS_REFETCH_MS = 1000;

/** First retry after a failed call; doubles per failure up to the loop's own interval. */
const BACKOFF_START_MS = 250;

/** Delay before retry number `failures` (1, 2, …): exponential, capped, with some jitter. */
export function backoffMs(failures: number, capMs: number): number {
  const exponential = Math.min(capMs, BACKOFF_START_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.75 + Math.random() * 0.25));
}

class UnexpectedStatus extends Error {
  constructor(what: string, status: number) {
    super(`${what} answered ${status}`);
  }
}

type Loop = 'heartbeat' | 'fetch';

/**
 * The one Eureka client (REST over undici). Two self-scheduling loops, never overlapping:
 * heartbeat (register until the server holds us, then renew; a renew answered 404 means the
 * server forgot us, e.g. after a restart, and registers again at once) and fetch (the registry,
 * cached between fetches). A failed call is retried with backoff, forever; nothing here throws
 * or leaves a promise unhandled.
 */
export class EurekaDiscovery {
  private readonly http: EurekaHttp;
  private readonly fixed: Map<string, ServiceInstance[]>;
  private registry = new Map<string, ServiceInstance[]>();
  private instanceId?: string;
  /** apps/{APP} and apps/{APP}/{instanceId}, set by start(). */
  private appPath = '';
  private instancePath = '';
  private document?: ReturnType<typeof instanceDocument>;
  /** True until the server acknowledged a registration, and again once it forgot us. */
  private mustRegister = true;
  /** A renew got no answer: the server may have restarted, so the next heartbeat registers
   * (idempotent for a server that still holds us; spares a restarted one the 404 round trip). */
  private registerNext = false;
  private lastRenewOk = 0;
  private lastFetchStart = 0;
  private fetching = false;
  private readonly failures: Record<Loop, number> = { heartbeat: 0, fetch: 0 };
  private readonly timers: Partial<Record<Loop, NodeJS.Timeout>> = {};
  private readonly running = new Set<Promise<void>>();
  private started = false;
  private stopped = false;
  private readonly log: Logger;

  constructor(
    private readonly options: DiscoveryOptions,
    http?: EurekaHttp,
  ) {
    this.http =
      http ??
      undiciEurekaHttp({
        eurekaUrl: options.eurekaUrl,
        user: options.user,
        password: options.password,
        // a whole-registry fetch from a busy JVM on a loaded machine can take seconds; a late answer
        // only delays the next call of that loop
        timeoutMs: options.timeoutMs ?? Math.min(10_000, Math.max(5000, 2 * options.heartbeatMs)),
      });
    this.fixed = new Map(
      Object.entries(options.staticUrls ?? {}).map(([name, urls]) => [
        name.toUpperCase(),
        urls.map((url) => instanceFromUrl(name, url)),
      ]),
    );
    this.log = options.logger.child({ component: 'eureka' });
  }

  /** EUREKA_ENABLED: whether this instance uses the registry at all. */
  get enabled(): boolean {
    return this.options.enabled !== false;
  }

  /**
   * The server holds our registration: the last registration or renew succeeded within one lease,
   * and no renew since was answered "unknown". (Not merely "a client exists".)
   */
  get isRegistered(): boolean {
    return (
      this.enabled &&
      !this.mustRegister &&
      Date.now() - this.lastRenewOk < this.options.leaseSeconds * 1000
    );
  }

  /** Milliseconds since the server last acknowledged a registration or renew; undefined: never. */
  get registrationAgeMs(): number | undefined {
    return this.lastRenewOk === 0 ? undefined : Date.now() - this.lastRenewOk;
  }

  /** Starts in the background: the service keeps serving while Eureka is down and registers once it is back. */
  start(port: number): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const o = this.options;
    if (!this.enabled) {
      this.log.info(
        { services: [...this.fixed.keys()] },
        'eureka disabled: peers from SERVICE_URLS',
      );
      return;
    }
    this.instanceId = `${o.instanceHost}:${o.appName.toLowerCase()}:${port}`;
    this.appPath = `apps/${encodeURIComponent(o.appName)}`;
    this.instancePath = `${this.appPath}/${encodeURIComponent(this.instanceId)}`;
    this.document = instanceDocument({
      appName: o.appName,
      instanceId: this.instanceId,
      host: o.instanceHost,
      port,
      heartbeatMs: o.heartbeatMs,
      leaseSeconds: o.leaseSeconds,
    });
    this.schedule('heartbeat', 0);
    this.schedule('fetch', 0);
  }

  /** UP instances of an app: its fixed URLs when given, else the cached registry. */
  instances(appName: string): ServiceInstance[] {
    const name = appName.toUpperCase();
    const fixed = this.fixed.get(name);
    if (fixed) return fixed;
    const found = (this.enabled ? this.registry.get(name) : undefined) ?? [];
    if (found.length === 0) this.fetchSoon();
    return found;
  }

  /** Deregisters so peers stop routing here; resolves even when Eureka is unreachable. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    // a registration still in flight would otherwise land after the DELETE
    await Promise.all(this.running);
    if (this.started && this.instanceId && this.enabled) {
      const wasHeld = this.isRegistered;
      this.mustRegister = true;
      try {
        const r = await this.http.send('DELETE', this.instancePath);
        if (r.status !== 200 && r.status !== 404)
          throw new UnexpectedStatus('deregister', r.status);
        this.log.info({ instanceId: this.instanceId }, 'deregistered from eureka');
      } catch (error) {
        if (wasHeld) this.log.warn({ err: String(error) }, 'eureka deregistration failed');
      }
    }
    await this.http.close().catch(() => undefined);
  }

  /**
   * Someone asked for an app the cached registry lacks (it may have registered since): fetch now
   * rather than at the next interval, at most once a second and never beside a fetch in flight.
   */
  private fetchSoon(): void {
    if (!this.started || this.stopped || this.fetching || this.failures.fetch > 0) return;
    if (Date.now() - this.lastFetchStart < MISS_REFETCH_MS) return;
    // the loop's pending step is brought forward, never doubled
    clearTimeout(this.timers.fetch);
    this.schedule('fetch', 0);
  }

  private schedule(loop: Loop, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      const run = this.runOnce(loop).finally(() => this.running.delete(run));
      this.running.add(run);
    }, delayMs);
    timer.unref();
    this.timers[loop] = timer;
  }

  /** One step of a loop, then the next one scheduled: the interval after success, a backoff after failure. */
  private async runOnce(loop: Loop): Promise<void> {
    const interval = loop === 'heartbeat' ? this.options.heartbeatMs : this.options.fetchMs;
    let delay = interval;
    try {
      await (loop === 'heartbeat' ? this.heartbeat() : this.fetch());
      if (this.failures[loop] > 0)
        this.log.info({ loop, failures: this.failures[loop] }, 'eureka reachable again');
      this.failures[loop] = 0;
    } catch (error) {
      const failures = ++this.failures[loop];
      delay = backoffMs(failures, interval);
      // the first failure of a streak is worth a warning; the retries are not
      const level = failures === 1 ? 'warn' : 'debug';
      this.log[level](
        { loop, failures, retryInMs: delay, err: String(error) },
        'eureka call failed',
      );
    }
    this.schedule(loop, delay);
  }

  private async heartbeat(): Promise<void> {
    if (!this.mustRegister && !this.registerNext) {
      this.registerNext = true; // cleared by any answer below
      const r = await this.http.send('PUT', this.instancePath);
      this.registerNext = false;
      if (r.status === 200) {
        this.lastRenewOk = Date.now();
        return;
      }
      if (r.status !== 404) throw new UnexpectedStatus('renew', r.status);
      // the server does not know us (restarted, or evicted us): register again right now
      this.mustRegister = true;
      this.log.warn(
        { instanceId: this.instanceId },
        'eureka forgot this instance; registering again',
      );
    }
    if (this.stopped) return;
    const r = await this.http.send('POST', this.appPath, this.document);
    if (r.status !== 204) throw new UnexpectedStatus('register', r.status);
    this.mustRegister = false;
    this.registerNext = false;
    this.lastRenewOk = Date.now();
    this.log.info({ instanceId: this.instanceId }, 'registered with eureka');
  }

  private async fetch(): Promise<void> {
    this.fetching = true;
    this.lastFetchStart = Date.now();
    const r = await this.http.send('GET', 'apps').finally(() => (this.fetching = false));
    if (r.status !== 200) throw new UnexpectedStatus('registry fetch', r.status);
    this.registry = parseApplications(r.body);
  }
}
