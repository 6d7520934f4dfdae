import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { parseEvent, ProductEventData, ProductEventType, Topic } from '@mstore/contracts';
import { KAFKA } from '@mstore/messaging';
import { APP_LOGGER } from '@mstore/platform';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { ProductsRepository } from '../repositories/products.repository';
import { CatalogReadModel } from './catalog-read-model.service';

const RESTART_MS = 5000;
const PRODUCT_TYPES = new Set<string>(Object.values(ProductEventType));
/** A join's catch-up reaches this far before the gap: writers stamp updatedAt by their own clock. */
const CLOCK_MARGIN_MS = 30_000;

/**
 * Brings other instances' writes into this instance's read model. Each instance needs every
 * event, so each has its own consumer group (deleted on shutdown), reading only new events; an
 * event names the product and its version, and the product is re-read by `_id` (the one index
 * FerretDB v1 uses) unless the read model holds that version already. After every group join the
 * products changed since the consumer last stopped (or since start) are read again: events
 * published while no consumer was joined are never delivered to a new group.
 */
@Injectable()
export class ProductEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly groupId = `product-service-${randomBytes(4).toString('hex')}`;
  private consumer?: Consumer;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  /** Since when events may have gone unseen; cleared by a catch-up after a join. */
  private gapSince?: Date = new Date();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly readModel: CatalogReadModel,
    private readonly products: ProductsRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // in the background: the instance serves while Kafka is away
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect().catch(() => undefined);
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([this.groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }

  /** Applies the products the messages name; an event for a version already held costs nothing. */
  async handle(messages: KafkaMessage[]): Promise<void> {
    const wanted = new Map<string, number>();
    for (const message of messages) {
      try {
        const event = parseEvent(message.value, Topic.Product);
        if (!PRODUCT_TYPES.has(event.type)) continue;
        const { id, version } = event.data as ProductEventData;
        wanted.set(id, Math.max(version, wanted.get(id) ?? 0));
      } catch (error) {
        this.logger.warn({ err: String(error) }, 'unreadable product event skipped');
      }
    }
    for (const [id, version] of wanted) {
      if ((this.readModel.versionOf(id) ?? 0) >= version) continue;
      const product = await this.products.findById(id);
      if (product) this.readModel.apply(product);
    }
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
    const away = () => (this.gapSince ??= new Date());
    consumer.on(GROUP_JOIN, () => void this.catchUp());
    consumer.on(DISCONNECT, away);
    consumer.on(STOP, away);
    consumer.on(CRASH, (event) => {
      away();
      // kafkajs restarts by itself after a retriable crash; otherwise start afresh
      if (!event.payload.restart) this.restartLater(consumer);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: Topic.Product, fromBeginning: false });
      await consumer.run({ eachBatch: ({ batch }) => this.handle(batch.messages) });
    } catch (error) {
      this.logger.warn({ err: error }, 'product-events consumer failed to start; retrying');
      this.restartLater(consumer);
    }
  }

  private async catchUp(): Promise<void> {
    const since = this.gapSince;
    if (!since) return;
    this.gapSince = undefined;
    try {
      const changed = await this.readModel.catchUp(new Date(since.getTime() - CLOCK_MARGIN_MS));
      this.logger.debug({ changed }, 'read model caught up after a consumer join');
    } catch (error) {
      this.gapSince ??= since;
      this.logger.warn({ err: String(error) }, 'read model catch-up failed; retried on next join');
    }
  }

  private restartLater(consumer: Consumer): void {
    if (this.stopped) return;
    void consumer.disconnect().catch(() => undefined);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.start(), RESTART_MS);
  }
}
