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
    // at 80 % of a hello's maximum (30k+ req/s) one generator process may not keep the pace
    const generatorBound = (latency.lateSendShare ?? 0) >= 0.01;
    return {
      name: 'framework',
      value: max.value.rps,
      baseline: max.baseline.rps,
      ratio,
      target: 'ratio ≥ 0.85',
      p99Ms: generatorBound ? null : latency.p99Ms,
      met: ratio >= 0.85,
      unit: 'req/s',
      details: { max, latency, generatorBound },
    };
  } finally {
    await nest.stop();
    await http.stop();
  }
}
