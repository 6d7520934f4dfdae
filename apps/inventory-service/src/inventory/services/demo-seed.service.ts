import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_CATALOG } from '@mstore/contracts';
import { APP_LOGGER } from '@mstore/platform';
import type { Logger } from 'pino';
import { StockService } from './stock.service';

/** SEED_DEMO_DATA=true: stock for the demo catalog when the stock table is empty. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly stock: StockService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seeded = await this.stock.seed(DEMO_CATALOG);
    if (seeded > 0) this.logger.info({ skus: seeded }, 'demo stock seeded');
  }
}
