import { collectDefaultMetrics, Counter, Gauge, Histogram, register, Registry } from 'prom-client';

let defaultsCollected = false;

/** One registry per process; default Node metrics collected once. */
export function metricsRegistry(): Registry {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register });
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
export function gauge(name: string, help: string, labelNames: string[] = []): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string>) ?? new Gauge({ name, help, labelNames });
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

export const httpDuration = () =>
  histogram(
    'http_server_duration_seconds',
    'HTTP server request duration',
    ['method', 'route', 'status'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
