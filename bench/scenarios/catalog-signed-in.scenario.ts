import { withCpu } from '../lib/cpu-time';
import { atLatencyLoad, LoadSpec, runnerOf, sideBySide } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import { rotating } from '../lib/tokens';
import { catalogQueries } from './catalog.scenario';
import type { BenchContext } from './context';

/**
 * The catalog pages of `catalog`, sent by signed-in shoppers (500 rotating Keycloak tokens, each
 * verified and charged to its own bucket) vs the same pages sent anonymously, in the same run:
 * both are served from the gateway's shared catalog cache.
 */
export async function catalogSignedInScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const queries = catalogQueries(ctx);
  const token = rotating(ctx.tokens);
  const answers = { signedIn: { ok: 0, other: 0 }, anonymous: { ok: 0, other: 0 } };
  const spec = (side: keyof typeof answers, signedIn: boolean): LoadSpec => {
    let i = 0;
    return {
      url: `${ctx.fleet.gateway.baseUrl}/api/products`,
      setupRequest: (r) => ({
        ...r,
        path: queries[i++ % queries.length],
        ...(signedIn ? { headers: { ...r.headers, authorization: token() } } : {}),
      }),
      onResponse: (status) => {
        if (status === 200) answers[side].ok++;
        else answers[side].other++;
      },
    };
  };
  const value = spec('signedIn', true);
  const max = await sideBySide(
    withCpu(runnerOf(value), ctx.cpu),
    withCpu(runnerOf(spec('anonymous', false)), ctx.cpu),
  );
  const latency = await atLatencyLoad(value, max.value.rps);
  const baselineLatency = await atLatencyLoad(spec('anonymous', false), max.value.rps);
  const cache = await cacheShare(ctx, queries, token());
  const ratio = max.value.rps / max.baseline.rps;
  const failed = answers.signedIn.other + answers.anonymous.other;
  return {
    name: 'catalog-signed-in',
    value: max.value.rps,
    baseline: max.baseline.rps,
    ratio,
    target: 'ratio ≥ 0.9',
    p99Ms: latency.p99Ms,
    p99LateSendShare: latency.lateSendShare,
    baselineP99Ms: baselineLatency.p99Ms,
    met: ratio >= 0.9 && failed === 0 && cache.miss === 0,
    unit: 'req/s',
    details: { max, latency, baselineLatency, distinctQueries: queries.length, cache, failed },
  };
}

/** The gateway's x-cache answers to a signed-in pass over the queries (all hits once warm). */
async function cacheShare(ctx: BenchContext, queries: string[], authorization: string) {
  let hit = 0;
  let miss = 0;
  for (const q of queries) {
    const response = await fetch(`${ctx.fleet.gateway.baseUrl}${q}`, {
      headers: { authorization },
    });
    await response.arrayBuffer();
    if (response.headers.get('x-cache') === 'hit') hit++;
    else miss++;
  }
  return { hit, miss };
}
