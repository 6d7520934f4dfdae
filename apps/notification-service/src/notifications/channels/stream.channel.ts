import { Injectable } from '@nestjs/common';
import { DeliveryStatus, NotificationRecord } from '../notification.model';
import { FeedPoller } from '../services/feed-poller.service';
import { DeliveryChannel } from './delivery-channel';

/**
 * Open streams on every instance pick stored notifications up by polling; this hands the local
 * poller what was stored here, so it looks at once and need not read it back. `queued` says just
 * that: readers pull it, nobody was pushed to yet.
 */
@Injectable()
export class StreamChannel implements DeliveryChannel {
  readonly name = 'stream';
  readonly recorded = false;

  constructor(private readonly poller: FeedPoller) {}

  async deliver(notification: NotificationRecord): Promise<DeliveryStatus> {
    this.poller.stored(notification);
    return 'queued';
  }
}
