import { DEMO_CATALOG } from '@mstore/contracts';
import { scratchDatabase, ServiceProcess, startService } from '@mstore/testing';
import {
  BULK_CATEGORIES,
  BULK_WORDS,
  dropCatalogDatabase,
  heapUsedMiB,
  seedBulkCatalog,
} from '../lib/bulk-catalog';
import { CpuSubject, withCpu } from '../lib/cpu-time';
import { MEASURED_CORE, pin } from '../lib/cpu-pinning';
import { atLatencyLoad, LoadSpec, Measured, runnerOf } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import { settings } from '../lib/settings';
import type { BenchContext } from './context';

const SORTS = ['price', '-price', 'name', '-createdAt'];

/**
 * Uncached req/s of these queries before the read model (7dd37eb, the commit before it:
 * product-service querying FerretDB per request), measured with this scenario on this machine
 * (2026-12-02, a worktree with only apps/product-service reverted); keyed by catalog size. At 50
 * products FerretDB spent 34.8 ms of CPU per request; at 10,000 no request was answered within the
 * generator's 10 s timeout (4.5 s of FerretDB CPU each), so 0.1 req/s is an upper bound.
 */
const BEFORE_RPS: Record<number, number> = { 50: 20.4, 10000: 0.1 };

/** Catalog sizes: the demo seed, 10,000 and 100,000 (BENCH_CATALOG_SIZES=50,10000 to iterate). */
const sizes = (): number[] =>
  (process.env['BENCH_CATALOG_SIZES'] ?? `${DEMO_CATALOG.length},10000,100000`)
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

/** 40 storefront reads: category pages, searches, price bands, facets, deep pages, categories. */
export function catalogMissQueries(): string[] {
  const queries: string[] = [];
  for (let i = 0; i < 40; i++) {
    const category = BULK_CATEGORIES[i % BULK_CATEGORIES.length];
    const sort = SORTS[i % SORTS.length];
    const word = BULK_WORDS[i % BULK_WORDS.length];
    const page = 1 + (i % 3);
    switch (i % 8) {
      case 0:
      case 1:
        queries.push(`/api/products?category=${category}&sort=${sort}&page=${page}&pageSize=20`);
        break;
      case 2:
        queries.push(`/api/products?q=${word}&sort=${sort}&pageSize=20`);
        break;
      case 3:
        queries.push(`/api/products?minPrice=${1000 * page}&maxPrice=${5000 * page}&sort=${sort}`);
        break;
      case 4:
        queries.push(`/api/products?category=${category}&facets=true&minPrice=500&maxPrice=60000`);
        break;
      case 5:
        queries.push(`/api/products?sort=${sort}&page=${page * 5}&pageSize=20`);
        break;
      case 6:
        queries.push(`/api/products?q=${word}&category=${category}&facets=true&sort=${sort}`);
        break;
      default:
        queries.push(i % 16 === 7 ? '/api/categories' : `/api/products?pageSize=12`);
    }
  }
  return queries;
}

interface SizeResult {
  products: number;
  max: Measured;
  latency: Measured;
  heapMiB: number;
  startS: number;
  failed: number;
}

/**
 * The catalog as the gateway forwards it on a cache miss: a gateway with CATALOG_CACHE_TTL_MS=0
 * before a product-service of its own, on a scratch catalog seeded in bulk, at each size. CPU per
 * request covers that gateway, that product-service and FerretDB.
 */
export async function catalogMissScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const rows: SizeResult[] = [];
  for (const size of sizes()) rows.push(await measureSize(ctx, size));
  const first = rows[0];
  const before = BEFORE_RPS[first.products];
  const ratio = before ? servedRps(first.max) / before : null;
  const heapPer10k = heapPer10kOf(rows);
  return {
    name: 'catalog-miss',
    value: servedRps(first.max),
    baseline: before ?? null,
    ratio,
    target: '≥ 10× the rate before the read model, p99 at 80 % < 50 ms',
    p99Ms: first.latency.p99Ms,
    p99LateSendShare: first.latency.lateSendShare,
    met: ratio !== null && ratio >= 10 && rows.every((r) => r.latency.p99Ms < 50 && r.failed === 0),
    unit: 'req/s',
    details: {
      distinctQueries: catalogMissQueries().length,
      heapMiBPer10kProducts: heapPer10k,
      sizes: rows.map((r) => ({
        products: r.products,
        rps: Math.round(servedRps(r.max)),
        beforeRps: BEFORE_RPS[r.products] ?? null,
        p99MsAt80: r.latency.p99Ms,
        p50MsAt80: r.latency.p50Ms,
        cpuMsPerRequest: r.max.cpuMsPerRequest,
        productHeapMiB: r.heapMiB,
        productStartS: r.startS,
        failed: r.failed,
      })),
    },
  };
}

async function measureSize(ctx: BenchContext, size: number): Promise<SizeResult> {
  const env = ctx.fleet.env;
  const db = scratchDatabase('bench_catalog');
  const started: ServiceProcess[] = [];
  try {
    await seedBulkCatalog(env.MONGO_URL, db, size);
    const t0 = performance.now();
    // not in the registry: the stack's gateway must never route to this scratch catalog
    const product = await startService(
      'product-service',
      {
        ...env,
        LOG_LEVEL: 'warn',
        LOG_REQUESTS: 'false',
        MONGO_DATABASE: db,
        EUREKA_ENABLED: 'false',
        OUTBOX_RELAY_ENABLED: 'false',
      },
      { readyTimeoutMs: 600_000 },
    );
    started.push(product);
    const startS = Math.round((performance.now() - t0) / 100) / 10;
    const gateway = await startService(
      'api-gateway',
      {
        ...env,
        LOG_LEVEL: 'warn',
        LOG_REQUESTS: 'false',
        EUREKA_ENABLED: 'false',
        CATALOG_CACHE_TTL_MS: '0',
        RATE_LIMIT_CAPACITY: '100000000',
        RATE_LIMIT_REFILL_PER_SEC: '100000000',
        CATALOG_MISS_BURST: '100000000',
        CATALOG_MISS_RATE_PER_S: '100000000',
        SERVICE_URLS: [
          `PRODUCT-SERVICE=${product.baseUrl}`,
          `INVENTORY-SERVICE=${ctx.fleet.inventory.baseUrl}`,
          `ORDER-SERVICE=${ctx.fleet.order.baseUrl}`,
          `NOTIFICATION-SERVICE=${ctx.fleet.hello.url}`,
        ].join(','),
      },
      { readyTimeoutMs: 120_000 },
    );
    started.push(gateway);
    for (const s of started) pin(s.pid, MEASURED_CORE);
    const subjects: CpuSubject[] = [
      { name: 'api-gateway', pids: () => [gateway.pid] },
      { name: 'product-service', pids: () => [product.pid] },
      ...ctx.cpu.filter((s) => s.name === 'ferretdb'),
    ];
    const queries = catalogMissQueries();
    let i = 0;
    let failed = 0;
    const spec: LoadSpec = {
      url: `${gateway.baseUrl}/api/products`,
      setupRequest: (r) => ({ ...r, path: queries[i++ % queries.length] }),
      onResponse: (status) => {
        if (status !== 200) failed++;
      },
    };
    const run = withCpu(runnerOf(spec), subjects);
    await run(settings.warmupS);
    const rounds: Measured[] = [];
    for (let k = 0; k < settings.rounds; k++) rounds.push(await run(settings.durationS));
    const max = [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)];
    const latency = await atLatencyLoad(spec, max.rps);
    const heapMiB = await settledHeap(product.baseUrl);
    process.stdout.write(
      `[bench] catalog-miss at ${size} products: ${servedRps(max).toFixed(1)} req/s answered 200, p99 at 80 % ${latency.p99Ms} ms, heap ${heapMiB} MiB, ready in ${startS} s\n`,
    );
    return { products: size, max, latency, heapMiB, startS, failed };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    await dropCatalogDatabase(env.MONGO_URL, db);
  }
}

/** Answers per second that were 200s (a breaker's fast 503s are no catalog served). */
const servedRps = (m: Measured) => (m.total ? (m.rps * m.status['2xx']) / m.total : 0);

/** The smallest of a few heap readings a second apart once the load stopped (garbage collected). */
async function settledHeap(baseUrl: string): Promise<number> {
  const readings: number[] = [];
  for (let k = 0; k < 4; k++) {
    await new Promise((r) => setTimeout(r, 1000));
    readings.push(await heapUsedMiB(baseUrl));
  }
  return Math.min(...readings);
}

/** Heap growth per 10,000 products between the smallest and each larger catalog. */
function heapPer10kOf(rows: SizeResult[]): number | null {
  const [small, ...larger] = rows;
  const big = larger.at(-1);
  if (!small || !big || big.products === small.products) return null;
  const per = ((big.heapMiB - small.heapMiB) / (big.products - small.products)) * 10_000;
  return Math.round(per * 10) / 10;
}
