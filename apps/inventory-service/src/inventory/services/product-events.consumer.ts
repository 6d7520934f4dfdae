import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ProductEventType, Topic } from '@mstore/contracts';
import { KAFKA } from '@mstore/messaging';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { StockService } from './stock.service';

const RESTART_MS = 5000;

/** The product a `product.deleted` message names, or undefined for any other message. */
export function deletedProduct(
  message: Pick<KafkaMessage, 'value'>,
): { sku: string; productId: string } | undefined {
  try {
    const event = JSON.parse(message.value?.toString() ?? '') as {
      type?: unknown;
      data?: { id?: unknown; sku?: unknown };
    };
    if (event.type !== ProductEventType.Deleted) return undefined;
    const { id, sku } = event.data ?? {};
    return typeof sku === 'string' && typeof id === 'string' ? { sku, productId: id } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Learns from product-events which skus were deleted, so stock levels report them retired. One
 * consumer group per database (its instances share the work), read from the beginning, so a new
 * database learns every earlier deletion; retiring is idempotent, so redelivery is harmless.
 */
@Injectable()
export class ProductEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly stock: StockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  get groupId(): string {
    return `inventory-service.${this.config.MYSQL_DATABASE}`;
  }

  onApplicationBootstrap(): void {
    // in the background: stock levels are served while Kafka is away
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 3000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      // kafkajs restarts by itself after a retriable crash; otherwise start afresh
      if (!event.payload.restart) this.restartLater(consumer);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topic: Topic.Product,
        fromBeginning: this.config.KAFKA_START_FROM === 'earliest',
      });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          const deleted = batch.messages.flatMap((m) => deletedProduct(m) ?? []);
          // a failure (the database down) throws: kafkajs retries the batch, nothing is skipped
          await this.stock.retire(deleted);
          if (deleted.length > 0) this.logger.debug({ skus: deleted.length }, 'skus retired');
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
