import { startBenchServer } from '../lib/bench-server';
import { MEASURED_CORE } from '../lib/cpu-pinning';
import { atLatencyLoad, LoadSpec, runnerOf, sideBySide } from '../lib/load';
import type { ScenarioResult } from '../lib/report';

/** Nest 11 on Fastify vs node:http, both a JSON hello on the measured core. */
export async function frameworkScenario(): Promise<ScenarioResult> {
  const nest = await startBenchServer('nest-hello', MEASURED_CORE);
  const http = await startBenchServer('http-hello', MEASURED_CORE);
  try {
    const value: LoadSpec = { url: `${nest.url}/hello` };
    const baseline: LoadSpec = { url: `${http.url}/hello` };
    const max = await sideBySide(runnerOf(value), runnerOf(baseline));
    const latency = await atLatencyLoad(value, max.value.rps);
    const ratio = max.value.rps / max.baseline.rps;
    return {
      name: 'framework',
      value: max.value.rps,
      baseline: max.baseline.rps,
      ratio,
      target: 'ratio ≥ 0.85',
      p99Ms: latency.p99Ms,
      p99LateSendShare: latency.lateSendShare,
      met: ratio >= 0.85,
      unit: 'req/s',
      details: { max, latency },
    };
  } finally {
    await nest.stop();
    await http.stop();
  }
}
