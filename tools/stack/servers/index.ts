// The local stack's API for the CLI, the test runner and the fleet launcher.
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, runDir } from '../paths';
import { isRunning, listManaged, portOpen, readPid, stop, waitFor } from '../process';
import { say, secondsSince, setQuiet, step } from '../progress';
import { eureka, eurekaPassword } from './eureka';
import { ferretdb } from './ferretdb';
import { JAEGER_BACKGROUND, JAEGER_QUERY_URL, JAEGER_UI_URL, jaeger } from './jaeger';
import { kafka } from './kafka';
import { keycloak } from './keycloak';
import { mariadb } from './mariadb';
import type { RunContext, Server, ServerName } from './types';

export type { RunContext, Server, ServerName } from './types';
export { TOPICS } from './kafka';
export { JAEGER_BACKGROUND, JAEGER_UI_URL, JAEGER_VERSION, jaegerCached } from './jaeger';

/** Start order doesn't matter (they start in parallel); stop order is the reverse. */
export const SERVERS: readonly Server[] = [mariadb, ferretdb, kafka, eureka, keycloak];
export const SERVER_NAMES = SERVERS.map((s) => s.name);
/**
 * Servers nothing waits for by default (traces: a cold Jaeger build takes minutes); ensured only
 * when named, e.g. ensureServers({ only: ['jaeger'] }) or ensureJaeger().
 */
export const OPTIONAL_SERVERS: readonly Server[] = [jaeger];
const ALL_SERVERS = [...SERVERS, ...OPTIONAL_SERVERS];

/** What the apps and tests need to reach the servers. */
export interface StackEnv {
  MYSQL_URL: string;
  MONGO_URL: string;
  KAFKA_BROKERS: string;
  KEYCLOAK_URL: string;
  EUREKA_URL: string;
  EUREKA_PASSWORD: string;
}

export interface EnsureResult extends StackEnv {
  /** Servers this call started (not given by URL, not already running). */
  started: ServerName[];
}

function server(name: string): Server {
  const s = ALL_SERVERS.find((x) => x.name === name);
  if (!s)
    throw new Error(
      `unknown server "${name}" (known: ${ALL_SERVERS.map((x) => x.name).join(', ')})`,
    );
  return s;
}

/** The URL the apps use for `s`: its variable when set, else the local server. */
export function urlOf(s: Server): string {
  return process.env[s.envVar] || s.defaultUrl;
}
/**
 * Given by its URL variable and not simply our own address. (The test runner
 * may export KAFKA_BROKERS=127.0.0.1:9092 to its workers; startServer('kafka')
 * there must still start our Kafka.)
 */
function external(s: Server): boolean {
  const url = process.env[s.envVar];
  if (!url) return false;
  try {
    const first = url.split(',')[0].trim();
    const u = new URL(first.includes('://') ? first : `tcp://${first}`);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    return !(loopback && Number(u.port) === s.port);
  } catch {
    return true;
  }
}

/** Whether server `name` is given by its URL variable (not ours to build or start). */
export function givenByUrl(name: ServerName): boolean {
  return external(server(name));
}

/** Only the environment variables of an EnsureResult (e.g. to spread into a child's env). */
export function envOf(r: StackEnv): StackEnv {
  const { MYSQL_URL, MONGO_URL, KAFKA_BROKERS, KEYCLOAK_URL, EUREKA_URL, EUREKA_PASSWORD } = r;
  return { MYSQL_URL, MONGO_URL, KAFKA_BROKERS, KEYCLOAK_URL, EUREKA_URL, EUREKA_PASSWORD };
}

export function stackEnv(): StackEnv {
  return {
    MYSQL_URL: urlOf(mariadb),
    MONGO_URL: urlOf(ferretdb),
    KAFKA_BROKERS: urlOf(kafka),
    KEYCLOAK_URL: urlOf(keycloak),
    EUREKA_URL: urlOf(eureka),
    EUREKA_PASSWORD: eurekaPassword(),
  };
}

type Plan = 'external' | 'running' | 'foreign' | 'start';

/** Decides what to do for one server; throws when its port is taken by something else. */
async function plan(s: Server): Promise<Plan> {
  if (external(s)) return 'external';
  if (isRunning(s.name)) return 'running';
  if (await portOpen(s.port)) {
    if (await s.healthy(urlOf(s))) return 'foreign';
    throw new Error(
      `${s.name}: port ${s.port} is in use by something that is not a healthy ${s.name}; stop it or set ${s.envVar}`,
    );
  }
  return 'start';
}

/**
 * Makes one server available: checks a given URL, waits for one already
 * running, or prepares (download/build), starts and waits for ours.
 * Returns true when it started it.
 */
async function ensure(s: Server, p: Plan, ctx: RunContext): Promise<boolean> {
  const t0 = Date.now();
  const url = urlOf(s);
  switch (p) {
    case 'external':
      await waitFor(() => s.healthy(url), {
        label: `${s.name} at ${s.envVar}=${url}`,
        timeoutMs: 20_000,
        signal: ctx.signal,
      });
      if (s.name === 'kafka') await s.setup?.(url); // the apps need the topics anywhere
      say(s.name, `using ${s.envVar}=${url}`);
      return false;
    case 'running':
      await waitFor(() => s.healthy(url), {
        label: s.name,
        process: s.name,
        timeoutMs: MAX_WAIT_MS,
        stallMs: STALL_MS,
        fatal: s.fatal,
        signal: ctx.signal,
      });
      say(s.name, `already running (pid ${readPid(s.name)})`);
      return false;
    case 'foreign':
      say(s.name, `already running on port ${s.port} (not started by this stack)`);
      return false;
    case 'start':
      await s.prepare(ctx);
      ctx.signal.throwIfAborted();
      await step(
        s.name,
        'starting',
        async () => {
          await s.start(ctx);
          ctx.started.push(s.name);
          await waitFor(() => (s.answering ? s.answering() : s.healthy(s.defaultUrl)), {
            label: s.name,
            process: s.name,
            timeoutMs: MAX_WAIT_MS,
            stallMs: STALL_MS,
            fatal: s.fatal,
            intervalMs: 500,
            signal: ctx.signal,
          });
          await s.waitStarted?.(ctx);
          await s.setup?.(url);
        },
        { note: s.startNote, done: 'started' },
      );
      say(s.name, `ready in ${secondsSince(t0)}`);
      return true;
  }
}

/** A server that stops making progress (no log output, no CPU) for this long has failed. */
const STALL_MS = Number(process.env.STACK_STALL_MS ?? 90_000);
/** Only a safety net: a slow but busy start (2 cores, everything cold) is never cut short. */
const MAX_WAIT_MS = 20 * 60_000;

/**
 * Plans, checks every prerequisite up front (nothing starts if one is missing), then ensures all
 * in parallel. The first failure is reported at once with the end of its log; the other steps are
 * stopped and every server this call started is stopped again.
 */
async function ensureAll(
  list: readonly Server[],
  onReady?: (name: ServerName) => void,
): Promise<ServerName[]> {
  const plans = await Promise.all(list.map(plan));
  list.forEach((s, i) => plans[i] === 'start' && s.check());
  const abort = new AbortController();
  const ctx: RunContext = { signal: abort.signal, started: [] };
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let first: { s: Server; e: Error } | undefined;
  const all = list.map((s, i) =>
    ensure(s, plans[i], ctx)
      .then((startedIt) => (onReady?.(s.name), startedIt))
      .catch((e: Error) => {
        if (!first && !abort.signal.aborted) {
          first = { s, e };
          say(s.name, `FAILED: ${e.message}`);
          abort.abort(e);
        }
        throw e;
      }),
  );
  try {
    await Promise.all(all);
  } catch (e) {
    // Let the others notice the abort (builds are killed, waits end), then undo what this call started.
    await Promise.allSettled(all);
    const stopped = await stopServers([...ctx.started].reverse());
    if (stopped.length) say('stack', `stopped what this run started: ${stopped.join(', ')}`);
    const err = first?.e ?? (e as Error);
    throw new Error(`${first ? `${first.s.name}: ` : ''}${err.message}`, { cause: err });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return ctx.started;
}

/** One ensureServers at a time per clone and lock (a second caller waits for the first). */
async function withLock<T>(fn: () => Promise<T>, name = 'stack', waitMs = 10 * 60_000): Promise<T> {
  ensureDir(runDir);
  const lock = join(runDir, `${name}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    // link() is atomic: the lock appears with the holder's pid already in it.
    const mine = `${lock}.${process.pid}`;
    writeFileSync(mine, String(process.pid));
    try {
      linkSync(mine, lock);
      break;
    } catch {
      let holder = 0;
      let alive = false;
      try {
        holder = Number(readFileSync(lock, 'utf8'));
        alive = holder > 0 && process.kill(holder, 0);
      } catch {
        alive = false; // lock gone meanwhile, or its holder died
      }
      if (!alive) rmSync(lock, { force: true });
      else if (Date.now() > deadline)
        throw new Error(`another stack command (pid ${holder}) holds ${lock}`);
      else await new Promise((r) => setTimeout(r, 300));
    } finally {
      rmSync(mine, { force: true });
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Starts every server that is neither given by its URL variable nor already
 * running, all in parallel, and waits until all are ready.
 */
export async function ensureServers(
  opts: {
    quiet?: boolean;
    only?: ServerName[];
    /** Called as each server becomes ready, so work that needs only some can start early. */
    onReady?: (name: ServerName) => void;
  } = {},
): Promise<EnsureResult> {
  setQuiet(Boolean(opts.quiet));
  const list = opts.only ? opts.only.map(server) : SERVERS;
  const work = async () => ({ ...stackEnv(), started: await ensureAll(list, opts.onReady) });
  // Jaeger has a lock of its own: its first build (minutes, in the background) must not hold up
  // `up` or the tests, which take the stack's. Both are taken in this order, never the other.
  const traces = list.some((s) => OPTIONAL_SERVERS.includes(s));
  const inTraces = traces ? () => withLock(work, 'traces', 30 * 60_000) : work;
  return list.some((s) => SERVERS.includes(s)) ? withLock(inTraces) : inTraces();
}

/** What a test that reads traces needs: where to send OTLP, and where to query what arrived. */
export interface TracesEnv {
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  JAEGER_QUERY_URL: string;
  /** Whether this call started Jaeger (so the caller may stop it again). */
  started: boolean;
}

/**
 * Makes Jaeger available and waits until it answers: given by OTEL_EXPORTER_OTLP_ENDPOINT, already
 * running (or being built by `up` in the background: this waits for it), or built (several
 * minutes the first time) and started now.
 */
export async function ensureJaeger(opts: { quiet?: boolean } = {}): Promise<TracesEnv> {
  const r = await ensureServers({ quiet: opts.quiet, only: ['jaeger'] });
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: urlOf(jaeger),
    JAEGER_QUERY_URL,
    started: r.started.includes('jaeger'),
  };
}

/** Starts one server (no-op when given by URL or already running) and waits until it is ready. */
export async function startServer(
  name: ServerName | string,
  opts: { quiet?: boolean } = {},
): Promise<boolean> {
  setQuiet(opts.quiet ?? true);
  return (await ensureAll([server(name)])).length > 0;
}

/** Stops one server we started (SIGTERM, then SIGKILL after timeoutMs). False when it was not running. */
export async function stopServer(
  name: ServerName | string,
  opts: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<boolean> {
  return stop(server(name).name, opts);
}

/** Stops the given servers (default: all), in parallel. */
export async function stopServers(
  names: (ServerName | string)[] = SERVER_NAMES,
): Promise<string[]> {
  const results = await Promise.all(
    names.map(async (n) => ((await stopServer(n)) ? n : undefined)),
  );
  return results.filter((n): n is string => n !== undefined);
}

/** Stops every fleet process (pid files named svc-*). */
export async function stopFleet(): Promise<string[]> {
  const names = listManaged('svc-');
  const results = await Promise.all(
    names.map(async (n) => ((await stop(n, { timeoutMs: 10_000 })) ? n : undefined)),
  );
  return results.filter((n): n is string => n !== undefined);
}

export interface ServerStatus {
  name: string;
  pid?: number;
  /**
   * 'external' = given by URL; 'running' = ours; 'foreign' = on our port, not ours; 'building' =
   * not running yet, its first build under way in the background (pid: that process); 'stopped'.
   */
  state: 'external' | 'running' | 'foreign' | 'building' | 'stopped';
  healthy: boolean;
  url: string;
  /** Not one of the servers `up` waits for (OPTIONAL_SERVERS). */
  optional: boolean;
}

export async function serverStatus(): Promise<ServerStatus[]> {
  return Promise.all(
    ALL_SERVERS.map(async (s): Promise<ServerStatus> => {
      const optional = OPTIONAL_SERVERS.includes(s);
      // Jaeger's own row shows its UI, where people look
      const url = s === jaeger && !external(s) ? JAEGER_UI_URL : urlOf(s);
      const healthy = await s.healthy(urlOf(s));
      if (external(s)) return { name: s.name, state: 'external', healthy, url, optional };
      if (isRunning(s.name))
        return { name: s.name, pid: readPid(s.name), state: 'running', healthy, url, optional };
      if (s === jaeger && isRunning(JAEGER_BACKGROUND))
        return {
          name: s.name,
          pid: readPid(JAEGER_BACKGROUND),
          state: 'building',
          healthy,
          url,
          optional,
        };
      return {
        name: s.name,
        state: healthy || (await portOpen(s.port)) ? 'foreign' : 'stopped',
        healthy,
        url,
        optional,
      };
    }),
  );
}
