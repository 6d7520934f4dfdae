// `npm run bench`: the performance scenarios side by side with their baselines (see README,
// Performance). Starts what is not running, stops what it started.
import type { ServiceProcess } from '@mstore/testing';
import { BenchFleet, startBenchFleet, RssSampler } from './lib/bench-fleet';
import { createBenchCatalog } from './lib/bench-catalog';
import { canPin, LOAD_CORE, pin } from './lib/cpu-pinning';
import { MemoryRow, ScenarioResult, writeResults } from './lib/report';
import { settings } from './lib/settings';
import { adminToken, customerTokens } from './lib/tokens';
import { breakerScenario } from './scenarios/breaker.scenario';
import { catalogMissScenario } from './scenarios/catalog-miss.scenario';
import { catalogSignedInScenario } from './scenarios/catalog-signed-in.scenario';
import { catalogScenario } from './scenarios/catalog.scenario';
import type { BenchContext, Scenario } from './scenarios/context';
import { eventLatencyScenario } from './scenarios/event-latency.scenario';
import { idleScenario } from './scenarios/idle.scenario';
import { kafkaClientsScenario } from './scenarios/kafka-clients.scenario';
import { fleetCpuSubjects } from './lib/cpu-time';
import { flashSaleScenario } from './scenarios/flash-sale.scenario';
import { frameworkScenario } from './scenarios/framework.scenario';
import { gatewayScenario } from './scenarios/gateway.scenario';
import { ordersScenario } from './scenarios/orders.scenario';
import { storefrontScenario } from './scenarios/storefront.scenario';
import { tracingGatewayScenario, tracingOrdersScenario } from './scenarios/tracing.scenario';

type Measured = (fleet: BenchFleet) => ServiceProcess[];
const nothing: Measured = () => [];
const gatewayOnly: Measured = (f) => [f.gateway];

// Order matters: idle needs a fleet with no backlog; event-latency needs a quiet pipeline; flash-sale sizes its stock from `orders`; `breaker` stops inventory, so it is last.
// With a `Measured` list, core 1 holds only those instances (and what the scenario starts there).
const SCENARIOS: [string, Scenario, Measured?][] = [
  // first: no backlog of the load scenarios is left to work through
  ['idle', idleScenario],
  ['framework', frameworkScenario, nothing],
  ['gateway', gatewayScenario, gatewayOnly],
  ['catalog', catalogScenario, (f) => [f.gateway, f.product]],
  ['catalog-signed-in', catalogSignedInScenario, (f) => [f.gateway, f.product]],
  // its own gateway (cache off) and product-service on core 1, over catalogs seeded in bulk
  ['catalog-miss', catalogMissScenario, nothing],
  // before the order load: that leaves notification-service a backlog of thousands of events
  ['event-latency', eventLatencyScenario],
  // after event-latency (Chromium's exit left that one a noisy machine); the browser runs on the
  // load core, the storefront's server with what it calls on core 1
  ['storefront', storefrontScenario, (f) => [f.gateway, f.product]],
  ['orders', ordersScenario],
  // the price of tracing: the bench fleet (tracing on) against a second, untraced set on core 1
  ['tracing-gateway', tracingGatewayScenario],
  ['tracing-orders', tracingOrdersScenario],
  ['flash-sale', flashSaleScenario],
  // the broker alone, through each client library from this process
  ['kafka-clients', kafkaClientsScenario],
  ['breaker', breakerScenario, gatewayOnly],
];

const log = (message: string) => process.stdout.write(`[bench] ${message}\n`);

async function main(): Promise<number> {
  // the load generator (this process) on core 0; measured processes are pinned to core 1
  pin(process.pid, LOAD_CORE);
  log(
    canPin()
      ? 'load on core 0, measured processes on core 1'
      : 'taskset or a second core missing: not pinned',
  );
  const fleet = await startBenchFleet();
  const results: ScenarioResult[] = [];
  let crashed = false;
  const sampler = new RssSampler([
    fleet.product,
    fleet.inventory,
    fleet.order,
    fleet.notification,
    fleet.gateway,
  ]);
  try {
    log(`minting ${settings.tokens} customer tokens…`);
    const ctx: BenchContext = {
      fleet,
      cpu: fleetCpuSubjects(fleet),
      tokens: await customerTokens(settings.tokens),
      adminToken: await adminToken(),
      skus: [],
      flashSku: '',
      categories: [],
    };
    // catalog-miss seeds catalogs of its own: alone, it needs no bench products
    const ownCatalogOnly =
      settings.only.length > 0 && settings.only.every((n) => n === 'catalog-miss');
    const catalog = ownCatalogOnly
      ? { skus: [], flashSku: '', categories: [], remove: async () => undefined }
      : await createBenchCatalog(fleet.gateway.baseUrl, ctx.adminToken, fleet.env.MONGO_URL);
    Object.assign(ctx, {
      skus: catalog.skus,
      flashSku: catalog.flashSku,
      categories: catalog.categories,
    });
    sampler.start();
    try {
      for (const [name, scenario, measured] of SCENARIOS) {
        if (settings.only.length && !settings.only.includes(name)) continue;
        log(`${name}…`);
        const restore = measured && fleet.isolate(measured(fleet));
        try {
          const r = await scenario(ctx);
          results.push(r);
          log(
            `${name}: ${r.value.toFixed(0)} ${r.unit}, ratio ${r.ratio?.toFixed(2) ?? '–'}, p99 ${r.p99Ms?.toFixed(1) ?? '–'} ms → ${r.met ? 'met' : 'MISSED'}`,
          );
        } catch (error) {
          crashed = true;
          log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
        } finally {
          restore?.();
        }
      }
    } finally {
      sampler.stop();
      await catalog
        .remove()
        .catch((e: unknown) => log(`could not remove bench products: ${String(e)}`));
    }
  } finally {
    await fleet.stop();
  }
  const memory: MemoryRow[] = Object.entries(fleet.idleRss).map(([service, idleMiB]) => ({
    service,
    idleMiB,
    loadMiB: sampler.peak[service] ?? idleMiB,
  }));
  const { file, markdown } = writeResults(results, memory, canPin());
  process.stdout.write(`\n${markdown}\n\nwritten to ${file}\n`);
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
