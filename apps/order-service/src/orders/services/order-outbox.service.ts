import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createProducer, KAFKA, MysqlOutboxStore, OutboxRelay } from '@mstore/messaging';
import { APP_LOGGER } from '@mstore/platform';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ORDERS_SETTINGS, OrdersSettings } from '../orders.settings';

/** Publishes order-events from the outbox table; one instance relays at a time (lease row). */
@Injectable()
export class OrderOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    dataSource: DataSource,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_LOGGER) logger: Logger,
    @Inject(ORDERS_SETTINGS) settings: OrdersSettings,
  ) {
    this.relay = new OutboxRelay(
      new MysqlOutboxStore(dataSource),
      createProducer(kafka),
      logger.child({ component: 'outbox-relay' }),
      { idleMs: settings.outboxPollMs, maxBackoffMs: 5000 },
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  /** A new event is waiting: publish now instead of at the next poll. */
  nudge(): void {
    this.relay.nudge();
  }
}
