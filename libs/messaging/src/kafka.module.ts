import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { createKafka, kafkaProbe } from './kafka';

export const KAFKA = Symbol('KAFKA');

/** Answers whether the broker is reachable (cached briefly). */
@Injectable()
export class KafkaHealth implements OnApplicationShutdown {
  readonly isUp: () => Promise<boolean>;
  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.isUp = kafkaProbe(kafka);
  }
  onApplicationShutdown(): void {
    // the probe's admin client is disconnected with the process; nothing to flush
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
