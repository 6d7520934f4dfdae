import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ALL_TOPICS } from '@mstore/contracts';
import { inMessageSpan, KAFKA } from '@mstore/messaging';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { EventProcessor } from './event-processor.service';
import { commitStartOffsets, startPositions } from './group-start';

/** The next offset to read: what a commit records. */
export const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

/**
 * The consumer group over every event topic. Auto-commit is off: a message's offset is committed
 * only after its notification is stored (or it is parked), so a crash redelivers and the unique
 * event id absorbs the repeat.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: Consumer;
  private joined = false;
  private stopping = false;
  private starting?: Promise<void>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly processor: EventProcessor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId: config.KAFKA_GROUP_ID,
      sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 4),
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5000 },
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.joined = true));
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.joined = false;
      this.logger.error(
        { err: String(payload.error), restart: payload.restart },
        'consumer crashed',
      );
    });
  }

  /** Ready once the group assigned us partitions; until then we would miss nothing but do nothing. */
  get isReady(): boolean {
    return this.joined && !this.stopping;
  }

  /** In the background: HTTP (health, feed) comes up even while the broker is away. */
  onApplicationBootstrap(): void {
    this.starting = this.start();
  }

  private async start(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        return await this.run();
      } catch (error) {
        this.logger.error({ err: String(error), attempt }, 'consumer failed to start; retrying');
        await new Promise((r) => setTimeout(r, Math.min(1000 * attempt, 10_000)));
      }
    }
  }

  private async run(): Promise<void> {
    await this.initialiseNewGroup();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...ALL_TOPICS], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.config.KAFKA_PARTITION_CONCURRENCY,
      eachMessage: (payload) => this.onMessage(payload),
    });
  }

  /** Stops fetching and waits for the message in hand to be stored and committed. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await this.consumer
      .disconnect()
      .catch((error: unknown) =>
        this.logger.warn({ err: String(error) }, 'consumer disconnect failed'),
      );
  }

  private async onMessage({
    topic,
    partition,
    message,
    heartbeat,
  }: EachMessagePayload): Promise<void> {
    // the processing span is a child of the event's trace: one order, one trace (see inMessageSpan)
    const attributes = {
      'messaging.destination.partition.id': String(partition),
      'messaging.kafka.offset': message.offset,
    };
    await inMessageSpan(topic, message.headers, attributes, () =>
      this.processor.process({
        topic,
        partition,
        message,
        heartbeat,
        stopping: () => this.stopping,
      }),
    );
    await this.consumer.commitOffsets([{ topic, partition, offset: nextOffset(message.offset) }]);
  }

  /**
   * A group that never committed starts where KAFKA_START_FROM says, and the position is
   * committed at once: a partition that then sees no traffic before a crash would otherwise
   * restart from a different place.
   */
  private async initialiseNewGroup(): Promise<void> {
    const groupId = this.config.KAFKA_GROUP_ID;
    try {
      const from = this.config.KAFKA_START_FROM;
      const positions = await startPositions(this.kafka, groupId, [...ALL_TOPICS], from);
      if (!positions) return;
      await commitStartOffsets(this.kafka, groupId, positions);
      this.logger.info({ groupId, from }, 'initialised new consumer group');
    } catch (error) {
      // another instance is initialising or already consuming: its positions stand
      this.logger.warn(
        { err: String(error), groupId },
        'could not initialise consumer group offsets',
      );
    }
  }
}
