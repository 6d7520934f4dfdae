import { NotificationDraft, NotificationRecord } from './notification.model';

/** Small test-data builders shared by the unit specs. */
export const aDraft = (over: Partial<NotificationDraft> = {}): NotificationDraft => ({
  eventId: 'e-1',
  type: 'order.placed',
  title: 'Order MS-1 placed',
  body: 'We received your order.',
  subject: 'o-1',
  audience: 'user:alice',
  data: {},
  occurredAt: new Date('2025-01-01T00:00:00Z'),
  ...over,
});

export const aRecord = (over: Partial<NotificationRecord> = {}): NotificationRecord => ({
  ...aDraft(),
  id: '65a000000000000000000001',
  seq: 1,
  createdAt: new Date(),
  readBy: [],
  deliveries: {},
  ...over,
});
