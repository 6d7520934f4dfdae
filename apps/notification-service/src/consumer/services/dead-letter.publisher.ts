import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { dlqTopic, Topic } from '@mstore/contracts';
import { createProducer, KAFKA } from '@mstore/messaging';
import type { IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { APP_CONFIG } from '@mstore/platform';
import { AppConfig } from '../../config';

export type DeadLetterReason = 'invalid' | 'failed';

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
}

/** Parks a message on `<topic>.dlq` unchanged, with why, where from and when in the headers. */
@Injectable()
export class DeadLetterPublisher implements OnApplicationShutdown {
  private readonly producer: Producer;
  private connecting?: Promise<void>;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.producer = createProducer(kafka);
  }

  async publish(letter: DeadLetter): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    await this.producer.send({
      topic: dlqTopic(letter.topic as Topic),
      acks: -1,
      messages: [
        {
          key: letter.message.key,
          value: letter.message.value,
          headers: { ...letter.message.headers, ...this.headers(letter) },
        },
      ],
    });
  }

  /** After the consumer stopped (onModuleDestroy), so a message in hand can still be parked. */
  async onApplicationShutdown(): Promise<void> {
    if (this.connecting) await this.producer.disconnect().catch(() => undefined);
  }

  private headers(l: DeadLetter): IHeaders {
    return {
      'x-dlq-reason': l.reason,
      'x-dlq-error': l.error.slice(0, 2000),
      'x-dlq-original-topic': l.topic,
      'x-dlq-original-partition': String(l.partition),
      'x-dlq-original-offset': l.message.offset,
      'x-dlq-consumer-group': this.config.KAFKA_GROUP_ID,
      'x-dlq-attempts': String(l.attempts),
      'x-dlq-at': new Date().toISOString(),
    };
  }
}
