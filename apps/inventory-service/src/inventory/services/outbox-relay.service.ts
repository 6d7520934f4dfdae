import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createProducer, KAFKA, MysqlOutboxStore, OutboxRelay } from '@mstore/messaging';
import { APP_LOGGER } from '@mstore/platform';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';

/** Publishes the outbox to Kafka; with several instances the lease row lets one publish at a time. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_LOGGER) logger: Logger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.relay = new OutboxRelay(
      new MysqlOutboxStore(dataSource),
      createProducer(kafka),
      logger.child({ component: 'outbox-relay' }),
      { idleMs: config.OUTBOX_POLL_MS },
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  /** After a commit that wrote events: publish now instead of at the next poll. */
  nudge(): void {
    this.relay.nudge();
  }
}
