import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import { AppConfig } from '../config';
import { DELIVERY_CHANNELS, DeliveryChannel } from './channels/delivery-channel';
import { EmailChannel } from './channels/email.channel';
import { StreamChannel } from './channels/stream.channel';
import { UserDirectory } from './channels/user-directory';
import { NotificationsController } from './controllers/notifications.controller';
import {
  FEED_LOG_MODEL,
  feedLogSchema,
  NOTIFICATION_MODEL,
  notificationSchema,
} from './repositories/notification.schema';
import { NotificationRepository } from './repositories/notification.repository';
import { FeedLogRepository } from './repositories/feed-log.repository';
import { FeedPoller } from './services/feed-poller.service';
import { NotificationDispatcher } from './services/notification-dispatcher.service';
import { NotificationStreamService } from './services/notification-stream.service';
import { NotificationService } from './services/notification.service';

/** Stream always; email only when SMTP_URL is set, so nothing claims to send mail when off. */
const channels = {
  provide: DELIVERY_CHANNELS,
  inject: [APP_CONFIG, StreamChannel, UserDirectory, APP_LOGGER],
  useFactory: (
    config: AppConfig,
    stream: StreamChannel,
    directory: UserDirectory,
    logger: Logger,
  ): DeliveryChannel[] => {
    if (!config.SMTP_URL) return [stream];
    const transport = createTransport({
      url: config.SMTP_URL,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10_000,
    });
    const email = new EmailChannel(
      transport,
      directory,
      { from: config.SMTP_FROM, adminTo: config.SMTP_ADMIN_TO },
      logger.child({ component: 'email' }),
    );
    return [stream, email];
  },
};

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: NOTIFICATION_MODEL, schema: notificationSchema },
      { name: FEED_LOG_MODEL, schema: feedLogSchema },
    ]),
  ],
  controllers: [NotificationsController],
  providers: [
    NotificationRepository,
    FeedLogRepository,
    NotificationService,
    NotificationDispatcher,
    NotificationStreamService,
    FeedPoller,
    StreamChannel,
    UserDirectory,
    channels,
  ],
  exports: [NotificationDispatcher],
})
export class NotificationsModule {}
