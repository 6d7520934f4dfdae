import { Inject, Injectable } from '@nestjs/common';
import { InventoryEventType } from '@mstore/contracts';
import { counter } from '@mstore/observability';
import { DELIVERY_CHANNELS, DeliveryChannel } from '../channels/delivery-channel';
import { NotificationDraft, NotificationRecord } from '../notification.model';
import { DuplicateEvent, NotificationRepository } from '../repositories/notification.repository';
import { FeedLogRepository } from '../repositories/feed-log.repository';

/**
 * Stores a notification once per event id (the feed), then hands it to the channels. Safe to call
 * again with the same draft: the store is skipped and only unfinished recorded channels run.
 */
const MAX_NUMBER_CLAIMS = 1000;

/** The stock alerts admins get, by the `type` label of stock_alerts_total. */
const STOCK_ALERTS: Record<string, string> = {
  [InventoryEventType.LowStock]: 'low_stock',
  [InventoryEventType.OutOfStock]: 'out_of_stock',
};

@Injectable()
export class NotificationDispatcher {
  // counted when stored, once per event id: a redelivered alert is not a second one
  private readonly stockAlerts = counter(
    'stock_alerts_total',
    'Stock alerts (low stock, out of stock) stored for the admins, by type',
    ['type'],
  );

  constructor(
    private readonly repository: NotificationRepository,
    private readonly feedLog: FeedLogRepository,
    @Inject(DELIVERY_CHANNELS) private readonly channels: DeliveryChannel[],
  ) {}

  async dispatch(
    draft: NotificationDraft,
  ): Promise<{ notification: NotificationRecord; created: boolean }> {
    const { notification, created } = await this.store(draft);
    const alert = STOCK_ALERTS[draft.type];
    if (created && alert) this.stockAlerts.inc({ type: alert });
    for (const channel of this.channels) {
      if (channel.recorded) {
        const done = notification.deliveries[channel.name];
        if (done && done !== 'failed') continue;
        const status = await channel.deliver(notification);
        await this.repository.setDelivery(notification.id, channel.name, status);
        notification.deliveries[channel.name] = status;
      } else if (created) {
        await channel.deliver(notification);
      }
    }
    return { notification, created };
  }

  private async store(draft: NotificationDraft) {
    const existing = await this.repository.findByEventId(draft.eventId);
    if (existing) return { notification: existing, created: false };
    // a taken stream number (a notification written before the feed log existed) is not a
    // failure of the event: claim the next one
    for (let attempt = 1; ; attempt++) {
      const { seq } = await this.feedLog.claim(draft.eventId);
      try {
        const notification = await this.repository.insert({ ...draft, seq, createdAt: new Date() });
        return { notification, created: true };
      } catch (error) {
        if (!(error instanceof DuplicateEvent)) throw error;
        // another instance stored it between our check and insert (a rebalance); theirs stands and
        // the stream skips our claimed number, whose notification carries another number
        const raced = await this.repository.findByEventId(draft.eventId);
        if (raced) return { notification: raced, created: false };
        if (attempt >= MAX_NUMBER_CLAIMS) throw error;
      }
    }
  }
}
