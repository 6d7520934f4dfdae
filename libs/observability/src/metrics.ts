import { collectDefaultMetrics, Counter, Gauge, Histogram, register, Registry } from 'prom-client';

let defaultsCollected = false;

/**
 * How often the event-loop delay histogram (nodejs_eventloop_lag_*) samples, in ms. prom-client's
 * 10 ms wakes an idle process 100 times a second, about 0.7 % of a core each on its own; at 100 ms
 * it costs under 0.1 %, and a stall long enough to matter (tens of ms and more) is still seen.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

/** One registry per process; default Node metrics collected once. */
export function metricsRegistry(): Registry {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    defaultsCollected = true;
  }
  return register;
}

/** Gets or creates a metric so two modules asking for the same name share it. */
export function counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (
    (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames })
  );
}
export function gauge(
  name: string,
  help: string,
  labelNames: string[] = [],
  /** Measures at scrape time (prom-client awaits it); the first creator's stands. */
  collect?: (this: Gauge<string>) => Promise<void> | void,
): Gauge<string> {
  return (
    (register.getSingleMetric(name) as Gauge<string>) ??
    new Gauge({ name, help, labelNames, ...(collect ? { collect } : {}) })
  );
}
export function histogram(
  name: string,
  help: string,
  labelNames: string[] = [],
  buckets?: number[],
): Histogram<string> {
  return (
    (register.getSingleMetric(name) as Histogram<string>) ??
    // no `buckets: undefined`: prom-client would take it over its default buckets and throw
    new Histogram({ name, help, labelNames, ...(buckets ? { buckets } : {}) })
  );
}

/**
 * Finer at the low end than OpenTelemetry's default boundaries (which start at 5 ms): most answers
 * here take 1–5 ms, and a p99 in that range needs buckets there.
 */
export const HTTP_DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** `http.server.request.duration` of the OpenTelemetry HTTP semantic conventions, as Prometheus names it. */
export const httpServerDuration = () =>
  histogram(
    'http_server_request_duration_seconds',
    'Duration of HTTP server requests, from the first byte read to the answer sent',
    ['http_request_method', 'http_route', 'http_response_status_code'],
    HTTP_DURATION_BUCKETS,
  );

/**
 * `http.client.request.duration`: one sample per request sent to another service (each retry is
 * its own). `server_address` is the Eureka app called, since instances come and go; a request
 * that got no answer has no status code and an `error_type` instead.
 */
export const httpClientDuration = () =>
  histogram(
    'http_client_request_duration_seconds',
    'Duration of HTTP requests to other services, until the answer headers arrived',
    ['http_request_method', 'server_address', 'http_response_status_code', 'error_type'],
    HTTP_DURATION_BUCKETS,
  );

/** What one request to another service ended with: its status code, or why no answer came. */
export type ClientOutcome = { http_response_status_code: string } | { error_type: string };

/** Records `http_client_request_duration_seconds` from a start time (`performance.now()`), until the answer's headers. */
export function clientRequestRecorder(): (
  method: string,
  service: string,
  started: number,
  outcome: ClientOutcome,
) => void {
  const duration = httpClientDuration();
  return (method, service, started, outcome) =>
    duration.observe(
      { http_request_method: method, server_address: service, ...outcome },
      (performance.now() - started) / 1000,
    );
}

/** `error_type` of a request that got no answer: the error's code, or `_OTHER` (as the conventions say). */
export function errorType(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | undefined;
  if (typeof e?.code === 'string' && /^[A-Z_]{2,40}$/.test(e.code)) return e.code;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return 'timeout';
  return '_OTHER';
}

/** A scrape never waits longer than this on a measured gauge; the last figure stands meanwhile. */
export const MEASURE_TIMEOUT_MS = 1000;

const measures = new Map<string, () => Promise<number>>();

/**
 * A gauge measured on each scrape (one query per scrape, none per request). A measure that fails
 * or takes longer than MEASURE_TIMEOUT_MS leaves the last figure and never fails the scrape (a
 * down database is readiness's to report). A later call replaces the measure.
 */
export function measuredGauge(name: string, help: string, measure: () => Promise<number>): void {
  measures.set(name, measure);
  gauge(name, help, [], async function () {
    const read = measures.get(name);
    if (!read) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), MEASURE_TIMEOUT_MS);
    });
    const value = await Promise.race([read(), timeout])
      .catch(() => undefined)
      .finally(() => clearTimeout(timer));
    if (value !== undefined && Number.isFinite(value)) this.set(value);
  });
}
