import { withCpu } from '../lib/cpu-time';
import { startBenchServer } from '../lib/bench-server';
import { MEASURED_CORE } from '../lib/cpu-pinning';
import { atLatencyLoad, LoadSpec, runnerOf, sideBySide } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import { rotating } from '../lib/tokens';
import type { BenchContext } from './context';

/** A GET through the whole gateway (JWT, rate limit, breaker, pool) to the hello upstream. */
export function gatewayHello(ctx: BenchContext): LoadSpec {
  const next = rotating(ctx.tokens);
  return {
    url: `${ctx.fleet.gateway.baseUrl}/api/notifications`,
    setupRequest: (r) => ({ ...r, headers: { ...r.headers, authorization: next() } }),
  };
}

/** The gateway vs a bare undici proxy to the same upstream, same tokens sent to both. */
export async function gatewayScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const proxy = await startBenchServer('undici-proxy', MEASURED_CORE, {
    UPSTREAM_URL: ctx.fleet.hello.url,
  });
  try {
    const value = gatewayHello(ctx);
    const next = rotating(ctx.tokens);
    const baseline: LoadSpec = {
      url: `${proxy.url}/api/notifications`,
      setupRequest: (r) => ({ ...r, headers: { ...r.headers, authorization: next() } }),
    };
    const max = await sideBySide(
      withCpu(runnerOf(value), ctx.cpu),
      withCpu(runnerOf(baseline), ctx.cpu),
    );
    const latency = await atLatencyLoad(value, max.value.rps);
    const baselineLatency = await atLatencyLoad(baseline, max.value.rps);
    const ratio = max.value.rps / max.baseline.rps;
    const non2xx = max.value.total - max.value.status['2xx'];
    return {
      name: 'gateway',
      value: max.value.rps,
      baseline: max.baseline.rps,
      ratio,
      target: 'ratio ≥ 0.9, p99 < 15 ms',
      p99Ms: latency.p99Ms,
      p99LateSendShare: latency.lateSendShare,
      baselineP99Ms: baselineLatency.p99Ms,
      met: ratio >= 0.9 && latency.p99Ms < 15 && non2xx === 0,
      unit: 'req/s',
      details: { max, latency, baselineLatency, non2xx },
    };
  } finally {
    await proxy.stop();
  }
}
