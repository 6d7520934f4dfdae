import { fire } from '../lib/load';
import { rawSqlRunner, scratchSchemas } from '../lib/raw-sql';
import type { ScenarioResult } from '../lib/report';
import { settings } from '../lib/settings';
import { auditStock, stockTotals } from '../lib/stock-audit';
import type { BenchContext } from './context';
import { orderLoad } from './orders.scenario';

const CONNECTIONS = 256;

/**
 * 256 connections order one sku with limited stock through the fleet; the sale rate (units sold per
 * second until sold out) vs the ceiling of the single-row conditional UPDATE from a raw loop.
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
  const ratio = saleRate / ceiling;
  return {
    name: 'flash-sale',
    value: saleRate,
    baseline: ceiling,
    ratio,
    target: 'ratio ≥ 0.8, exactly the stock sold',
    p99Ms: sale.p99Ms,
    met: ratio >= 0.8 && exact,
    unit: 'sales/s',
    details: { stock, codes, audit, exact, saleSeconds: (lastSale - started) / 1000, sale },
  };
}
