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
import { createKafka, KafkaProbe, kafkaProbe } from './kafka';

export const KAFKA = Symbol('KAFKA');

/** Answers whether the broker is reachable (cached briefly). */
@Injectable()
export class KafkaHealth implements OnApplicationShutdown {
  private readonly probe: KafkaProbe;
  readonly isUp: () => Promise<boolean>;
  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.probe = kafkaProbe(kafka);
    this.isUp = () => this.probe.isUp();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.probe.close();
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
