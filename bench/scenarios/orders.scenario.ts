import { withCpu } from '../lib/cpu-time';
import { atLatencyLoad, LoadSpec, runnerOf, sideBySide } from '../lib/load';
import { rawSqlRunner, scratchSchemas } from '../lib/raw-sql';
import type { ScenarioResult } from '../lib/report';
import { auditStock, stockTotals } from '../lib/stock-audit';
import { rotating } from '../lib/tokens';
import type { BenchContext } from './context';

/** POST /api/orders through the gateway, 1–3 random bench skus per order. */
export function orderLoad(
  ctx: BenchContext,
  pickSkus: () => string[],
  connections?: number,
): LoadSpec {
  const next = rotating(ctx.tokens);
  return {
    url: `${ctx.fleet.gateway.baseUrl}/api/orders`,
    method: 'POST',
    connections,
    setupRequest: (r) => ({
      ...r,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: next() },
      body: JSON.stringify({ lines: pickSkus().map((sku) => ({ sku, quantity: 1 })) }),
    }),
  };
}

/** Orders through the fleet vs the same reservation and insert SQL from a raw mysql2 loop. */
export async function ordersScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const url = ctx.fleet.env.MYSQL_URL;
  const initial = await stockTotals(url, ctx.skus);
  const pick = () => {
    const n = 1 + Math.floor(Math.random() * 3);
    return [
      ...new Set(
        Array.from({ length: n }, () => ctx.skus[Math.floor(Math.random() * ctx.skus.length)]),
      ),
    ];
  };
  const value = orderLoad(ctx, pick);
  const scratch = await scratchSchemas(url);
  try {
    await scratch.stock(ctx.skus, 100_000_000);
    const baseline = rawSqlRunner({
      MODE: 'orders',
      MYSQL_URL: url,
      INV_DB: scratch.inv,
      ORD_DB: scratch.ord,
      SKUS: ctx.skus.join(','),
      CONCURRENCY: '16',
    });
    const max = await sideBySide(withCpu(runnerOf(value), ctx.cpu), withCpu(baseline, ctx.cpu));
    const latency = await atLatencyLoad(value, max.value.rps);
    ctx.ordersMaxRps = max.value.rps;
    const audit = await auditStock(url, initial);
    const oversold = audit.filter((a) => !a.consistent);
    const ratio = max.value.rps / max.baseline.rps;
    const non2xx = max.value.total - max.value.status['2xx'];
    return {
      name: 'orders',
      value: max.value.rps,
      baseline: max.baseline.rps,
      ratio,
      target: 'ratio ≥ 0.5, zero oversell',
      p99Ms: latency.p99Ms,
      p99LateSendShare: latency.lateSendShare,
      met: ratio >= 0.5 && oversold.length === 0 && non2xx === 0,
      unit: 'orders/s',
      details: { max, latency, non2xx, skusAudited: audit.length, inconsistent: oversold },
    };
  } finally {
    await scratch.drop();
  }
}
