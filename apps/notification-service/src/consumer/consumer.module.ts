import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ConsumerLagMonitor } from './services/consumer-lag.monitor';
import { DeadLetterPublisher } from './services/dead-letter.publisher';
import { EventConsumer } from './services/event-consumer.service';
import { EventProcessor } from './services/event-processor.service';

/** Kafka events in, notifications out. */
@Module({
  imports: [NotificationsModule],
  providers: [EventConsumer, EventProcessor, DeadLetterPublisher, ConsumerLagMonitor],
  exports: [EventConsumer],
})
export class ConsumerModule {}
