import { Pool } from 'undici';
import type { LoadRequest, LoadSpec, Measured } from './load';

/** Connections of the open-loop run: enough that requests due together never wait for a socket. */
const CONNECTIONS = 64;
const TICK_MS = 1;
/** A send later than this after its due time is the generator's delay (ticks are 1 ms apart). */
const LATE_SEND_MS = 3;

/**
 * Open-loop load at a fixed rate, the way wrk2 measures: request i is due at start + i/rate and
 * its latency counts from then, so a stall is charged to every request that fell due during it.
 * (autocannon's `overallRate` is no fixed rate: each connection sends its per-second quota back to
 * back, then waits for the next second, so most of each second runs at full load; and its
 * coordinated-omission correction uses an expected interval of 1 ms whatever the rate, so a 40 ms
 * answer is counted 40 times.)
 */
export async function paced(spec: LoadSpec, durationS: number, rate: number): Promise<Measured> {
  const target = new URL(spec.url);
  const pool = new Pool(target.origin, {
    connections: CONNECTIONS,
    pipelining: 1,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const latencies: number[] = [];
  const status: Record<string, number> = { '2xx': 0, '4xx': 0, '5xx': 0, errors: 0, timeouts: 0 };
  let pending = 0;
  let drained: (() => void) | undefined;
  const base: LoadRequest = {
    method: spec.method ?? 'GET',
    path: target.pathname + target.search,
    headers: spec.headers,
    body: spec.body,
  };
  // the body is decoded only for an onResponse that takes it (`(status, body) => …`)
  const wantsBody = (spec.onResponse?.length ?? 0) >= 2;
  const send = (dueAt: number) => {
    const r = spec.setupRequest ? spec.setupRequest({ ...base }) : base;
    let statusCode = 0;
    const chunks: Buffer[] = [];
    const finish = (outcome: string, body = '') => {
      latencies.push(performance.now() - dueAt);
      status[outcome] = (status[outcome] ?? 0) + 1;
      if (statusCode) spec.onResponse?.(statusCode, body);
      if (--pending === 0) drained?.();
    };
    pending++;
    // dispatch with callbacks: no stream or promise per answer, so one process keeps a faster pace
    pool.dispatch(
      {
        method: (r.method ?? 'GET') as 'GET',
        path: r.path ?? base.path ?? '/',
        headers: r.headers,
        body: r.body as string | undefined,
      },
      // the core handler interface of undici 7 (Pool.dispatch wraps no newer one)
      {
        onConnect: () => undefined,
        onHeaders: (code) => {
          statusCode = code;
          return true;
        },
        onData: (chunk) => {
          if (wantsBody) chunks.push(chunk);
          return true;
        },
        onComplete: () =>
          finish(
            `${Math.floor(statusCode / 100)}xx`,
            wantsBody ? Buffer.concat(chunks).toString() : '',
          ),
        onError: (error) => {
          statusCode = 0;
          finish(/timeout/i.test(error.name) ? 'timeouts' : 'errors');
        },
      },
    );
  };

  const start = performance.now();
  const end = start + durationS * 1000;
  const intervalMs = 1000 / rate;
  let next = 0;
  // requests the generator itself sent late: when they reach 1 %, the p99 is the generator's
  let lateSends = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (
        let due = start + next * intervalMs;
        due <= now && due < end;
        due = start + ++next * intervalMs
      ) {
        if (now - due > LATE_SEND_MS) lateSends++;
        send(due);
      }
      if (now >= end) resolve();
      else setTimeout(tick, TICK_MS);
    };
    tick();
  });
  if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
  await pool.close();

  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) =>
    sorted.length
      ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] * 10) / 10
      : 0;
  return {
    rps: latencies.length / durationS,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    p999Ms: at(0.999),
    status,
    total: latencies.length,
    lateSendShare: latencies.length ? lateSends / latencies.length : 0,
  };
}
