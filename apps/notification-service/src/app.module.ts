import { Module } from '@nestjs/common';
import { ServiceName } from '@mstore/contracts';
import { check } from '@mstore/observability';
import { PlatformModule } from '@mstore/platform';
import { configSchema } from './config';
import { ConsumerModule } from './consumer/consumer.module';
import { EventConsumer } from './consumer/services/event-consumer.service';
import { NotificationsModule } from './notifications/notifications.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: ServiceName.Notification,
      config: configSchema,
      mongodb: { name: 'notifications' },
      readiness: {
        imports: [ConsumerModule],
        inject: [EventConsumer],
        checks: (consumer: EventConsumer) => [check('consumer', () => consumer.isReady)],
      },
    }),
    NotificationsModule,
    ConsumerModule,
  ],
})
export class AppModule {}
