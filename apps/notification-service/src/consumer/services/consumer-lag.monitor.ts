import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ALL_TOPICS } from '@mstore/contracts';
import { KAFKA } from '@mstore/messaging';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { consumerMetrics } from '../consumer-metrics';

/** Committed-offset lag of the whole group per partition: end offset minus committed offset. */
export function lagOf(high: string, low: string, committed: string): number {
  const start = committed === '-1' ? BigInt(low) : BigInt(committed);
  const lag = BigInt(high) - start;
  return lag > 0n ? Number(lag) : 0;
}

@Injectable()
export class ConsumerLagMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly gauge = consumerMetrics().lag;
  private readonly admin: Admin;
  private timer?: NodeJS.Timeout;
  private connected = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.admin = kafka.admin();
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.measure(), this.config.CONSUMER_LAG_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }

  async measure(): Promise<void> {
    try {
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const groupId = this.config.KAFKA_GROUP_ID;
      const committed = await this.admin.fetchOffsets({ groupId, topics: [...ALL_TOPICS] });
      for (const { topic, partitions } of committed) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        for (const end of ends) {
          const mine = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          this.gauge.set(
            { topic, partition: String(end.partition) },
            lagOf(end.high, end.low, mine),
          );
        }
      }
    } catch (error) {
      this.connected = false;
      await this.admin.disconnect().catch(() => undefined);
      this.logger.debug({ err: String(error) }, 'consumer lag not measured');
    }
  }
}
