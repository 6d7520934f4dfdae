import { atLatencyLoad, LoadSpec, runnerOf, sideBySide } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';

/** Inventory down, its breaker open: how fast the gateway says 503, vs its own 404 for no route. */
export async function breakerScenario(ctx: BenchContext): Promise<ScenarioResult> {
  await ctx.fleet.inventory.stop();
  const gateway = ctx.fleet.gateway.baseUrl;
  const value: LoadSpec = { url: `${gateway}/api/inventory?sku=${ctx.skus[0]}` };
  const baseline: LoadSpec = { url: `${gateway}/api/no-such-route` };
  const probe = await fetch(value.url);
  const problem = (await probe.json()) as { status?: number };
  const max = await sideBySide(runnerOf(value), runnerOf(baseline));
  const latency = await atLatencyLoad(value, max.value.rps);
  const baselineLatency = await atLatencyLoad(baseline, max.value.rps);
  const ratio = max.value.rps / max.baseline.rps;
  const only503 = max.value.status['5xx'] === max.value.total;
  return {
    name: 'breaker',
    value: max.value.rps,
    baseline: max.baseline.rps,
    ratio,
    target: '503 p99 < 5 ms',
    p99Ms: latency.p99Ms,
    p99LateSendShare: latency.lateSendShare,
    baselineP99Ms: baselineLatency.p99Ms,
    met: latency.p99Ms < 5 && only503 && probe.status === 503 && problem.status === 503,
    unit: '503/s',
    details: { max, latency, baselineLatency, retryAfter: probe.headers.get('retry-after') },
  };
}
