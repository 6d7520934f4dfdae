import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ServiceName } from '@mstore/contracts';
import { EurekaDiscovery } from '@mstore/discovery';
import { APP_LOGGER } from '@mstore/platform';
import type { Logger } from 'pino';
import { CatalogMissLimiter } from './catalog-miss-limiter';
import { TokenBucketLimiter } from './token-bucket-limiter';

export const RATE_LIMIT_GATEWAYS = Symbol('RATE_LIMIT_GATEWAYS');
const RECOUNT_MS = 5000;

/**
 * Divides the rate limits among the gateways that share them. Counted from the registry every few
 * seconds (the discovery client's cached copy: no call to Eureka of its own), so scaling out or
 * losing a gateway re-divides the budget within a fetch or two.
 */
@Injectable()
export class GatewayPeers implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly discovery: EurekaDiscovery,
    private readonly limiter: TokenBucketLimiter,
    private readonly misses: CatalogMissLimiter,
    @Inject(RATE_LIMIT_GATEWAYS) private readonly gateways: 'registry' | number,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.recount();
    if (this.gateways !== 'registry' || !this.discovery.enabled) return;
    this.timer = setInterval(() => this.recount(), RECOUNT_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** This gateway counts even before the registry lists it. */
  count(): number {
    if (this.gateways !== 'registry') return this.gateways;
    if (!this.discovery.enabled) return 1;
    return Math.max(1, this.discovery.instances(ServiceName.Gateway).length);
  }

  recount(): void {
    const n = this.count();
    if (n === this.limiter.sharedBy) return;
    this.limiter.share(n);
    this.misses.share(n);
    this.logger.info({ gateways: n }, 'rate limits divided among gateways');
  }
}
