import { withCpu } from '../lib/cpu-time';
import { fire } from '../lib/load';
import { rawSqlRunner, scratchSchemas } from '../lib/raw-sql';
import type { ScenarioResult } from '../lib/report';
import { settings } from '../lib/settings';
import { auditStock, stockTotals } from '../lib/stock-audit';
import type { BenchContext } from './context';
import { orderLoad } from './orders.scenario';

const CONNECTIONS = 256;

/**
 * 256 connections order one sku with limited stock through the fleet: the sale rate (units sold per
 * second until sold out) against the orders scenario's rate on spread skus in the same run (one hot
 * row must not serialise the fleet); then, sold out, what a refused buyer costs end to end (CPU ms
 * per 409, every process). The raw loop's ceiling on the same row is in the details.
 */
export async function flashSaleScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const url = ctx.fleet.env.MYSQL_URL;
  const sku = ctx.flashSku;
  // enough stock for about one round at the measured order rate
  const stock = Math.max(200, Math.round((ctx.ordersMaxRps ?? 100) * settings.durationS));
  const set = await fetch(`${ctx.fleet.gateway.baseUrl}/api/inventory/${sku}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.adminToken}` },
    body: JSON.stringify({ available: stock }),
  });
  if (!set.ok) throw new Error(`setting flash stock: ${set.status} ${await set.text()}`);
  // the stock just set plus whatever an earlier run sold of this sku
  const totals = await stockTotals(url, [sku]);
  const soldBefore = totals[sku] - stock;

  const started = performance.now();
  let lastSale = started;
  const codes: Record<number, number> = {};
  const load = orderLoad(ctx, () => [sku], CONNECTIONS);
  load.onResponse = (status) => {
    codes[status] = (codes[status] ?? 0) + 1;
    if (status === 201) lastSale = performance.now();
  };
  const sale = await fire(load, Math.ceil(stock / Math.max(20, ctx.ordersMaxRps ?? 100)) * 2 + 3);
  const sold201 = codes[201] ?? 0;
  const saleRate = sold201 / ((lastSale - started) / 1000);

  // sold out now: every buyer is refused; what one refusal costs across the fleet and its servers
  const refusals = orderLoad(ctx, () => [sku], CONNECTIONS);
  let refused = 0;
  refusals.onResponse = (status) => void (status === 409 && refused++);
  const refusal = await withCpu((d) => fire(refusals, d), ctx.cpu)(settings.durationS);
  const refusalCpuMs = refusal.cpuMsPerRequest?.total ?? null;

  const scratch = await scratchSchemas(url);
  let ceiling: number;
  try {
    await scratch.stock([sku], 100_000_000);
    const raw = rawSqlRunner({
      MODE: 'flash',
      MYSQL_URL: url,
      INV_DB: scratch.inv,
      ORD_DB: scratch.ord,
      SKUS: sku,
      CONCURRENCY: '64',
    });
    await raw(settings.warmupS);
    const rounds = [];
    for (let i = 0; i < settings.rounds; i++) rounds.push((await raw(settings.durationS)).rps);
    ceiling = rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
  } finally {
    await scratch.drop();
  }
  const [audit] = await auditStock(url, totals);
  const exact =
    sold201 === stock &&
    audit.sold - soldBefore === stock &&
    audit.available === 0 &&
    audit.consistent;
  const spread = ctx.ordersMaxRps ?? null;
  const ratio = spread ? saleRate / spread : null;
  const allRefused = refused === refusal.total && refusal.total > 0;
  return {
    name: 'flash-sale',
    value: saleRate,
    baseline: spread,
    ratio,
    target: 'sales/s ≥ 0.9 of orders/s on spread skus, exactly the stock sold, a refusal < 1 ms CPU',
    p99Ms: sale.p99Ms,
    met:
      ratio !== null &&
      ratio >= 0.9 &&
      exact &&
      allRefused &&
      refusalCpuMs !== null &&
      refusalCpuMs < 1,
    unit: 'sales/s',
    details: {
      stock,
      codes,
      audit,
      exact,
      saleSeconds: (lastSale - started) / 1000,
      sale,
      rawLoopCeiling: ceiling,
      refusal: { rps: refusal.rps, refused, total: refusal.total, cpuMsPerRefusal: refusal.cpuMsPerRequest },
    },
  };
}
