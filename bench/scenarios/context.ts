import type { BenchFleet } from '../lib/bench-fleet';
import type { CpuSubject } from '../lib/cpu-time';
import type { ScenarioResult } from '../lib/report';

/** What every scenario gets from the runner. */
export interface BenchContext {
  fleet: BenchFleet;
  /** The fleet's services and local servers, for CPU time per request. */
  cpu: CpuSubject[];
  /** 500 rotating customer tokens. */
  tokens: string[];
  adminToken: string;
  /** Bench products (in catalog and inventory with ample stock). */
  skus: string[];
  /** Their categories, for catalog filters. */
  categories: string[];
  /** The one sku of the flash sale (in catalog and inventory). */
  flashSku: string;
  /** Filled by `orders` for `flash-sale`: the measured order maximum. */
  ordersMaxRps?: number;
}

export type Scenario = (ctx: BenchContext) => Promise<ScenarioResult>;
