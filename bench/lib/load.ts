import autocannon from 'autocannon';
import { paced } from './paced';
import { settings } from './settings';

export type LoadRequest = autocannon.Request;

/** One load shape: a target and how to build each request. */
export interface LoadSpec {
  url: string;
  connections?: number;
  method?: LoadRequest['method'];
  headers?: Record<string, string>;
  body?: string;
  /** Per-request customisation (rotating tokens, pages, skus). */
  setupRequest?: (request: LoadRequest) => LoadRequest;
  onResponse?: (status: number, body: string) => void;
}

export interface Measured {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  /** Responses by status class (2xx, 4xx, 5xx) plus transport errors and timeouts. */
  status: Record<string, number>;
  total: number;
  /** Open-loop runs: the share of requests the generator itself sent late (over 3 ms). */
  lateSendShare?: number;
  /** CPU ms per request of each process of the fleet and its servers (bench/lib/cpu-time.ts). */
  cpuMsPerRequest?: { perProcess: Record<string, number>; total: number };
}

/** One closed-loop autocannon run: each connection sends its next request when an answer came. */
export async function fire(spec: LoadSpec, durationS: number): Promise<Measured> {
  const requests: LoadRequest[] | undefined =
    spec.setupRequest || spec.onResponse
      ? [
          {
            setupRequest: spec.setupRequest
              ? (r) => (spec.setupRequest as (x: LoadRequest) => LoadRequest)(r)
              : undefined,
            onResponse: spec.onResponse
              ? (status, body) => spec.onResponse?.(status, body)
              : undefined,
          },
        ]
      : undefined;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections ?? settings.connections,
    pipelining: 1,
    duration: durationS,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    requests,
    timeout: 10,
  });
  return {
    rps: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    p999Ms: result.latency.p99_9,
    status: {
      '2xx': result['2xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
      errors: result.errors,
      timeouts: result.timeouts,
    },
    total: result.requests.total,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface SideBySide {
  value: Measured;
  baseline: Measured;
}

/** Something measured for a given number of seconds (autocannon, or a raw SQL worker). */
export type Runner = (durationS: number) => Promise<Measured>;
export const runnerOf =
  (spec: LoadSpec): Runner =>
  (durationS) =>
    fire(spec, durationS);

const pickMedian = (runs: Measured[]) =>
  runs.find((r) => r.rps === median(runs.map((x) => x.rps))) as Measured;

/**
 * Maximum throughput of two targets measured side by side: a warm-up of each, then rounds that
 * alternate value and baseline; each side reports its median round.
 */
export async function sideBySide(value: Runner, baseline: Runner): Promise<SideBySide> {
  await value(settings.warmupS);
  await baseline(settings.warmupS);
  const v: Measured[] = [];
  const b: Measured[] = [];
  for (let i = 0; i < settings.rounds; i++) {
    v.push(await value(settings.durationS));
    b.push(await baseline(settings.durationS));
  }
  return { value: pickMedian(v), baseline: pickMedian(b) };
}

/** Latency at a fixed fraction of a measured maximum, open loop: free of coordinated omission. */
export function atLatencyLoad(spec: LoadSpec, maxRps: number): Promise<Measured> {
  return paced(spec, settings.durationS, maxRps * settings.latencyLoad);
}
