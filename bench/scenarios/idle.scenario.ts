import { cpuSnapshot, cpuSpent } from '../lib/cpu-time';
import type { ScenarioResult } from '../lib/report';
import { settings } from '../lib/settings';
import type { BenchContext } from './context';

const SERVICES = [
  'api-gateway',
  'product-service',
  'inventory-service',
  'order-service',
  'notification-service',
];

/**
 * The fleet with no traffic: what its pollers, consumers and heartbeats cost, as a share of one
 * core over `idleS` seconds, after the start-up work (JIT, first GCs) has settled.
 */
export async function idleScenario(ctx: BenchContext): Promise<ScenarioResult> {
  await new Promise((r) => setTimeout(r, settings.idleSettleS * 1000));
  const before = cpuSnapshot(ctx.cpu);
  const hello = cpuSnapshot([{ name: 'hello', pids: () => [ctx.fleet.hello.pid] }]);
  await new Promise((r) => setTimeout(r, settings.idleS * 1000));
  const spent = cpuSpent(before, cpuSnapshot(ctx.cpu));
  const helloSpent = cpuSpent(
    hello,
    cpuSnapshot([{ name: 'hello', pids: () => [ctx.fleet.hello.pid] }]),
  );
  const share = (ms: number) => Math.round((ms / (settings.idleS * 1000)) * 10_000) / 100;
  const perProcess = Object.fromEntries(Object.entries(spent).map(([n, ms]) => [n, share(ms)]));
  const fleet = SERVICES.reduce((sum, name) => sum + (spent[name] ?? 0), 0);
  const value = share(fleet);
  // a bare Node HTTP server idle, times five: the floor five Node processes cannot go under
  const floor = share(5 * helloSpent['hello']);
  return {
    name: 'idle',
    value,
    baseline: floor,
    ratio: floor > 0 ? value / floor : null,
    target: '≤ 5 % of one core (the five services)',
    p99Ms: null,
    met: value <= 5,
    unit: '% of one core',
    details: { windowS: settings.idleS, percentOfOneCore: perProcess },
  };
}
