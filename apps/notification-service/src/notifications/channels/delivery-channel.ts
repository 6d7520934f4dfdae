import { DeliveryStatus, NotificationRecord } from '../notification.model';

/**
 * Pushes a stored notification somewhere. Storing is the feed itself (and the dedupe point), so
 * channels only ever see notifications that exist. `recorded` channels keep their outcome on the
 * notification so a redelivered event retries only what did not go out.
 */
export interface DeliveryChannel {
  readonly name: string;
  readonly recorded: boolean;
  deliver(notification: NotificationRecord): Promise<DeliveryStatus>;
}

export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');
