import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createProducer, KAFKA, OutboxRelay } from '@mstore/messaging';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { ProductOutboxStore } from '../repositories/product-outbox.store';

/** Runs the outbox relay for the life of the process (unless OUTBOX_RELAY_ENABLED=false). */
@Injectable()
export class ProductOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    store: ProductOutboxStore,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_LOGGER) logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.relay = new OutboxRelay(
      store,
      createProducer(kafka),
      logger.child({ component: 'outbox' }),
      {
        idleMs: config.OUTBOX_POLL_MS,
      },
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.OUTBOX_RELAY_ENABLED) this.relay.start();
  }

  /** After a write, so its event goes out now rather than at the next poll. */
  nudge(): void {
    this.relay.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
