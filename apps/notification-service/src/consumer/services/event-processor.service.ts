import { Inject, Injectable } from '@nestjs/common';
import { EventParseError, parseEvent } from '@mstore/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import { AppConfig } from '../../config';
import { draftFor } from '../../notifications/services/notification-factory';
import { NotificationDispatcher } from '../../notifications/services/notification-dispatcher.service';
import { consumerMetrics } from '../consumer-metrics';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { RetriesExhausted, withRetry } from './retry';

export type Outcome = 'stored' | 'duplicate' | 'ignored' | 'dead-lettered';

export interface Delivery {
  topic: string;
  partition: number;
  message: KafkaMessage;
  /** Keeps the group membership alive during long retries. */
  heartbeat?: () => Promise<void>;
  stopping?: () => boolean;
}

/**
 * One Kafka message to its outcome. Invalid messages go straight to the DLQ; transient failures are
 * retried with backoff and then parked. Returns only once the outcome is durable, so the caller
 * may commit; throws (leaving the offset uncommitted) when even parking failed or we are stopping.
 */
@Injectable()
export class EventProcessor {
  private readonly metrics = consumerMetrics();

  constructor(
    private readonly dispatcher: NotificationDispatcher,
    private readonly deadLetters: DeadLetterPublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async process(d: Delivery): Promise<Outcome> {
    const outcome = await this.handle(d);
    this.metrics.consumed.inc({ topic: d.topic, outcome });
    return outcome;
  }

  private async handle(d: Delivery): Promise<Outcome> {
    let event;
    try {
      event = parseEvent(d.message.value, d.topic);
    } catch (error) {
      if (!(error instanceof EventParseError)) throw error;
      return this.park(d, 'invalid', error.message, 1);
    }
    const draft = draftFor(event);
    if (!draft) return 'ignored';
    const policy = {
      maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS,
      baseMs: this.config.CONSUMER_RETRY_BASE_MS,
      maxMs: this.config.CONSUMER_RETRY_MAX_MS,
    };
    try {
      const { created } = await withRetry(policy, () => this.dispatcher.dispatch(draft), {
        stopping: d.stopping,
        onRetry: async (attempt, error) => {
          this.metrics.retried.inc({ topic: d.topic });
          this.logger.warn(
            { err: String(error), eventId: event.id, attempt },
            'event failed; retrying',
          );
          await d.heartbeat?.().catch(() => undefined);
        },
      });
      if (created) this.metrics.storeLatency.observe((Date.now() - Date.parse(event.time)) / 1000);
      return created ? 'stored' : 'duplicate';
    } catch (error) {
      if (!(error instanceof RetriesExhausted)) throw error;
      return this.park(d, 'failed', String(error.lastError), error.attempts);
    }
  }

  private async park(
    d: Delivery,
    reason: 'invalid' | 'failed',
    error: string,
    attempts: number,
  ): Promise<Outcome> {
    this.logger.warn(
      { topic: d.topic, partition: d.partition, offset: d.message.offset, reason, error },
      'message parked on the DLQ',
    );
    await this.deadLetters.publish({
      topic: d.topic,
      partition: d.partition,
      message: d.message,
      reason,
      error,
      attempts,
    });
    this.metrics.deadLettered.inc({ topic: d.topic, reason });
    return 'dead-lettered';
  }
}
