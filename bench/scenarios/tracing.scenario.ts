import { AppName, ServiceProcess, startService } from '@mstore/testing';
import { MEASURED_CORE, pin } from '../lib/cpu-pinning';
import { LoadSpec, runnerOf, sideBySide } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';
import { gatewayHello } from './gateway.scenario';
import { orderLoad } from './orders.scenario';

/** The price of tracing: at most 10 % fewer requests per second (issue 20, item 6). */
const TARGET_RATIO = 0.9;

/** The bench gateway's limits off, as in bench-fleet: the load measures the path, not the limiter. */
const UNLIMITED = {
  RATE_LIMIT_CAPACITY: '100000000',
  RATE_LIMIT_REFILL_PER_SEC: '100000000',
  CATALOG_MISS_BURST: '100000000',
  CATALOG_MISS_RATE_PER_S: '100000000',
};

/**
 * A second set of the instances an order passes through, with OpenTelemetry off
 * (OTEL_SDK_DISABLED=true), on the measured core beside the bench fleet, whose instances trace
 * with the default sampler and export to the local Jaeger.
 */
async function startUntraced(
  ctx: BenchContext,
): Promise<{ gateway: string; stop(): Promise<void> }> {
  const started: ServiceProcess[] = [];
  const start = async (app: AppName, extra: Record<string, string>) => {
    const service = await startService(
      app,
      {
        ...ctx.fleet.env,
        LOG_LEVEL: 'warn',
        LOG_REQUESTS: 'false',
        OTEL_SDK_DISABLED: 'true',
        ...extra,
      },
      { readyTimeoutMs: 120_000 },
    );
    started.push(service);
    pin(service.pid, MEASURED_CORE);
    return service;
  };
  const stop = async () => void (await Promise.all(started.map((s) => s.stop())));
  try {
    // same databases as the bench fleet: both sides write the same tables under the same locks
    const [product, inventory] = await Promise.all([
      start('product-service', { OUTBOX_RELAY_ENABLED: 'false' }),
      start('inventory-service', { RESERVATION_TTL_SECONDS: '600' }),
    ]);
    const upstreams = `PRODUCT-SERVICE=${product.baseUrl},INVENTORY-SERVICE=${inventory.baseUrl}`;
    const order = await start('order-service', { SERVICE_URLS: upstreams, MYSQL_POOL_SIZE: '32' });
    const gateway = await start('api-gateway', {
      PORT: '0',
      ...UNLIMITED,
      SERVICE_URLS: `${upstreams},ORDER-SERVICE=${order.baseUrl},NOTIFICATION-SERVICE=${ctx.fleet.hello.url}`,
    });
    return { gateway: gateway.baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The same load on the traced fleet and on the untraced one, rounds alternating. */
async function compare(
  name: string,
  ctx: BenchContext,
  untracedGateway: string,
  load: (c: BenchContext) => LoadSpec,
): Promise<ScenarioResult> {
  const untraced: BenchContext = {
    ...ctx,
    fleet: { ...ctx.fleet, gateway: { ...ctx.fleet.gateway, baseUrl: untracedGateway } },
  };
  const max = await sideBySide(runnerOf(load(ctx)), runnerOf(load(untraced)));
  const ratio = max.value.rps / max.baseline.rps;
  const non2xx = max.value.total - max.value.status['2xx'];
  return {
    name,
    value: max.value.rps,
    baseline: max.baseline.rps,
    ratio,
    target: `ratio ≥ ${TARGET_RATIO} (tracing on, parentbased_always_on, vs OTEL_SDK_DISABLED=true)`,
    p99Ms: max.value.p99Ms,
    baselineP99Ms: max.baseline.p99Ms,
    met: ratio >= TARGET_RATIO && non2xx === 0,
    unit: 'req/s',
    details: { max, non2xx },
  };
}

const pickSkus = (ctx: BenchContext) => () => {
  const n = 1 + Math.floor(Math.random() * 3);
  return [
    ...new Set(
      Array.from({ length: n }, () => ctx.skus[Math.floor(Math.random() * ctx.skus.length)]),
    ),
  ];
};

/** The gateway scenario's request (JWT, proxy to the hello upstream), traced vs not. */
export async function tracingGatewayScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const untraced = await startUntraced(ctx);
  try {
    return await compare('tracing-gateway', ctx, untraced.gateway, gatewayHello);
  } finally {
    await untraced.stop();
  }
}

/** The orders scenario's POST /api/orders (gateway, order, product, inventory), traced vs not. */
export async function tracingOrdersScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const untraced = await startUntraced(ctx);
  try {
    return await compare('tracing-orders', ctx, untraced.gateway, (c) => orderLoad(c, pickSkus(c)));
  } finally {
    await untraced.stop();
  }
}
