import { withCpu } from '../lib/cpu-time';
import { atLatencyLoad, LoadSpec, runnerOf, sideBySide } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';
import { gatewayHello } from './gateway.scenario';

const SORTS = ['price', '-price', 'name', '-createdAt'];

/** 5 pages × 4 categories × sorts, price and text filters: 40 distinct catalog reads. */
export function catalogQueries(ctx: BenchContext): string[] {
  const queries: string[] = [];
  for (let page = 1; page <= 5; page++)
    for (const category of ctx.categories)
      queries.push(
        `/api/products?page=${page}&pageSize=10&category=${category}&sort=${SORTS[page % SORTS.length]}`,
        `/api/products?page=${page}&pageSize=20&sort=${SORTS[(page + 1) % SORTS.length]}&minPrice=${page * 100}&maxPrice=50000&q=bench`,
      );
  return queries;
}

/** Anonymous catalog pages (`catalogQueries`) vs the gateway's hello. */
export async function catalogScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const queries = catalogQueries(ctx);
  let i = 0;
  const cache = { hit: 0, miss: 0, other: 0 };
  const value: LoadSpec = {
    url: `${ctx.fleet.gateway.baseUrl}/api/products`,
    setupRequest: (r) => ({ ...r, path: queries[i++ % queries.length] }),
    onResponse: (status) => {
      if (status !== 200) cache.other++;
    },
  };
  const max = await sideBySide(
    withCpu(runnerOf(value), ctx.cpu),
    withCpu(runnerOf(gatewayHello(ctx)), ctx.cpu),
  );
  const latency = await atLatencyLoad(value, max.value.rps);
  const hits = await cacheShare(ctx, queries);
  const directMs = await directCost(ctx, queries.slice(0, 5));
  Object.assign(cache, hits);
  const ratio = max.value.rps / max.baseline.rps;
  return {
    name: 'catalog',
    value: max.value.rps,
    baseline: max.baseline.rps,
    ratio,
    target: 'ratio ≥ 0.5, p99 < 25 ms',
    p99Ms: latency.p99Ms,
    p99LateSendShare: latency.lateSendShare,
    met: ratio >= 0.5 && latency.p99Ms < 25 && cache.other === 0,
    unit: 'req/s',
    details: { max, latency, distinctQueries: queries.length, cache, directMs },
  };
}

/** The gateway's x-cache answers over one pass of the queries (how much of the load it absorbs). */
async function cacheShare(ctx: BenchContext, queries: string[]) {
  let hit = 0;
  let miss = 0;
  for (const q of queries) {
    const response = await fetch(`${ctx.fleet.gateway.baseUrl}${q}`);
    await response.arrayBuffer();
    if (response.headers.get('x-cache') === 'hit') hit++;
    else miss++;
  }
  return { hit, miss };
}

/** What one cache miss costs: product-service answering directly, one request at a time (ms). */
async function directCost(ctx: BenchContext, queries: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    await (await fetch(`${ctx.fleet.product.baseUrl}${q}`)).arrayBuffer();
    times.push(Math.round(performance.now() - t0));
  }
  return times;
}
