import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topic } from '@mstore/contracts';
import { inMessageSpan, KAFKA } from '@mstore/messaging';
import { APP_LOGGER } from '@mstore/platform';
import type { Consumer, Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { CatalogCache } from './catalog-cache';

const RESTART_MS = 5000;

/**
 * Clears the catalog cache on every product event. Each gateway instance needs every event, so
 * each has its own consumer group (deleted again on shutdown); only new events matter.
 */
@Injectable()
export class ProductEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly groupId = `api-gateway-${randomBytes(4).toString('hex')}`;
  private consumer?: Consumer;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly cache: CatalogCache,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // in the background: the gateway serves (uncached) while Kafka is away
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.cache.setLive(false);
    await this.consumer?.disconnect().catch(() => undefined);
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([this.groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 3000,
    });
    this.consumer = consumer;
    const { GROUP_JOIN, CRASH, DISCONNECT, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, () => this.cache.setLive(true));
    consumer.on(DISCONNECT, () => this.cache.setLive(false));
    consumer.on(STOP, () => this.cache.setLive(false));
    consumer.on(CRASH, (event) => {
      this.cache.setLive(false);
      // kafkajs restarts by itself after a retriable crash; otherwise start afresh
      if (!event.payload.restart) this.restartLater(consumer);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: Topic.Product, fromBeginning: false });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          if (batch.messages.length === 0) return;
          // a span per event, each a child of the product change's trace (see inMessageSpan);
          // clearing is a counter bump, so each event clears for itself
          for (const m of batch.messages) {
            await inMessageSpan(
              batch.topic,
              m.headers,
              { 'messaging.kafka.offset': m.offset },
              () => Promise.resolve(this.cache.invalidate()),
            );
          }
          this.logger.debug({ events: batch.messages.length }, 'catalog cache cleared');
        },
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'product-events consumer failed to start; retrying');
      this.restartLater(consumer);
    }
  }

  private restartLater(consumer: Consumer): void {
    if (this.stopped) return;
    void consumer.disconnect().catch(() => undefined);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.start(), RESTART_MS);
  }
}
