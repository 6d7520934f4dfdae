import { Injectable } from '@nestjs/common';
import { DeliveryStatus } from '../notification.model';
import { FeedPoller } from '../services/feed-poller.service';
import { DeliveryChannel } from './delivery-channel';

/**
 * Open streams on every instance pick stored notifications up by polling; this only makes the
 * local poller look at once. `queued` says just that: readers pull it, nobody was pushed to yet.
 */
@Injectable()
export class StreamChannel implements DeliveryChannel {
  readonly name = 'stream';
  readonly recorded = false;

  constructor(private readonly poller: FeedPoller) {}

  async deliver(): Promise<DeliveryStatus> {
    this.poller.nudge();
    return 'queued';
  }
}
