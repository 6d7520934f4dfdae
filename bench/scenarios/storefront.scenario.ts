import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { waitFor } from '@mstore/testing';
import { MEASURED_CORE, pin } from '../lib/cpu-pinning';
import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';

const ROOT = join(__dirname, '../..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'];
const LOADS = Number(process.env['BENCH_PAGE_LOADS'] ?? 20);

interface PageLoad {
  ttfbMs: number;
  lcpMs: number;
  /** JavaScript the page loaded, as transferred (gzip). */
  jsKiB: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const stats = (loads: PageLoad[]) => ({
  ttfbP50Ms: quantile(
    loads.map((l) => l.ttfbMs),
    0.5,
  ),
  ttfbP95Ms: quantile(
    loads.map((l) => l.ttfbMs),
    0.95,
  ),
  lcpP50Ms: quantile(
    loads.map((l) => l.lcpMs),
    0.5,
  ),
  lcpP95Ms: quantile(
    loads.map((l) => l.lcpMs),
    0.95,
  ),
  jsKiB: Math.max(...loads.map((l) => l.jsKiB)),
});

/** One cold load (new context: no cache, no cookies) in Chromium: navigation timing and LCP. */
async function load(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // runs in the page; the bench compiles without the DOM library, hence the structural types
    return await page.evaluate(
      () =>
        new Promise<PageLoad>((resolve) => {
          type Entry = {
            name: string;
            startTime: number;
            responseStart: number;
            encodedBodySize: number;
          };
          const perf = performance as unknown as { getEntriesByType(type: string): Entry[] };
          const Observer = (
            globalThis as unknown as {
              PerformanceObserver: new (callback: (list: { getEntries(): Entry[] }) => void) => {
                observe(options: { type: string; buffered: boolean }): void;
              };
            }
          ).PerformanceObserver;
          const nav = perf.getEntriesByType('navigation')[0];
          const js = perf
            .getEntriesByType('resource')
            .filter((r) => r.name.split('?')[0].endsWith('.js'))
            .reduce((sum, r) => sum + r.encodedBodySize, 0);
          // no paint within 5 s: reported as -1, which fails the target
          setTimeout(() => resolve({ ttfbMs: nav.responseStart, lcpMs: -1, jsKiB: 0 }), 5000);
          new Observer((list) => {
            const entries = list.getEntries();
            resolve({
              ttfbMs: nav.responseStart,
              lcpMs: entries[entries.length - 1]?.startTime ?? 0,
              jsKiB: Math.round(js / 102.4) / 10,
            });
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
  } finally {
    await context.close();
  }
}

/**
 * A static copy of the pages (their HTML and every asset, fetched once from the storefront) served
 * from memory by node:http: what this browser on this machine needs for the same bytes with no
 * rendering and no API calls behind them.
 */
async function snapshotServer(origin: string, paths: string[]): Promise<Server> {
  const files = new Map<string, { type: string; body: Buffer }>();
  const grab = async (path: string) => {
    if (files.has(path)) return;
    const r = await fetch(`${origin}${path}`);
    const body = Buffer.from(await r.arrayBuffer());
    files.set(path, { type: r.headers.get('content-type') ?? 'application/octet-stream', body });
    if ((r.headers.get('content-type') ?? '').includes('html')) {
      const refs = [...body.toString().matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
      for (const ref of refs) await grab(ref.replace(/&amp;/g, '&'));
    }
  };
  for (const path of paths) await grab(path);
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '/');
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/**
 * The storefront (its production build, React Router's server, server-rendered catalog pages) in
 * Debian's Chromium: time to first byte and largest contentful paint of the home page and a product
 * page over repeated cold loads, and the JavaScript each ships, beside a static copy of the same
 * pages served from memory.
 */
export async function storefrontScenario(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (npm run setup)`);
  const port = 3400 + Math.floor(Math.random() * 500);
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(
    process.execPath,
    [
      join(ROOT, 'apps/storefront/server.mjs'),
      join(ROOT, 'dist/apps/storefront/server/index.js'),
    ],
    {
      cwd: join(ROOT, 'apps/storefront'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        GATEWAY_URL: ctx.fleet.gateway.baseUrl,
      },
      stdio: 'ignore',
    },
  );
  let snapshot: Server | undefined;
  let browser: Browser | undefined;
  try {
    pin(server.pid ?? 0, MEASURED_CORE);
    await waitFor(async () => (await fetch(`${origin}/`)).ok, {
      timeoutMs: 60_000,
      label: 'the storefront to serve its home page',
    });
    const list = (await (
      await fetch(`${ctx.fleet.gateway.baseUrl}/api/products?pageSize=1`)
    ).json()) as { items: { id: string }[] };
    const paths = { home: '/', product: `/products/${list.items[0].id}` };
    snapshot = await snapshotServer(origin, Object.values(paths));
    const copy = `http://127.0.0.1:${(snapshot.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const measured: Record<string, PageLoad[]> = {};
    for (const [name, path] of Object.entries(paths)) {
      await load(browser, `${origin}${path}`); // warm-up: server caches, JIT
      await load(browser, `${copy}${path}`);
      measured[name] = [];
      measured[`${name} (static copy)`] = [];
      for (let i = 0; i < LOADS; i++) {
        measured[name].push(await load(browser, `${origin}${path}`));
        measured[`${name} (static copy)`].push(await load(browser, `${copy}${path}`));
      }
    }
    const pages = Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, stats(v)]));
    const product = pages['product'];
    const baseline = pages['product (static copy)'];
    const jsMax = Math.max(pages['home'].jsKiB, product.jsKiB);
    return {
      name: 'storefront',
      value: product.lcpP95Ms,
      baseline: baseline.lcpP95Ms,
      ratio: baseline.lcpP95Ms > 0 ? product.lcpP95Ms / baseline.lcpP95Ms : null,
      target: 'product page LCP p95 < 1 s, JS < 150 KB gzip per page',
      p99Ms: null,
      met:
        product.lcpP95Ms < 1000 &&
        jsMax < 150 &&
        Object.values(measured).every((loads) => loads.every((l) => l.lcpMs > 0)),
      unit: 'ms LCP p95 (product page)',
      details: { loadsPerPage: LOADS, pages },
    };
  } finally {
    await browser?.close();
    snapshot?.close();
    server.kill('SIGTERM');
  }
}
