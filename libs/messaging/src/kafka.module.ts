import { DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { createKafka, kafkaProbe } from './kafka';

export const KAFKA = Symbol('KAFKA');

/** Answers whether the broker is reachable (cached briefly). */
@Injectable()
export class KafkaHealth {
  readonly isUp: () => Promise<boolean>;
  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.isUp = kafkaProbe(kafka);
  }
}

@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: { brokers: string[]; clientId: string; logger: Logger }): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: KAFKA,
          useValue: createKafka(options.brokers, options.clientId, options.logger),
        },
        KafkaHealth,
      ],
      exports: [KAFKA, KafkaHealth],
    };
  }
}
