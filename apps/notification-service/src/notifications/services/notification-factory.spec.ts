import { createCloudEvent, KnownEvent } from '@mstore/contracts';
import { ADMIN_AUDIENCE } from '../notification.model';
import { draftFor, formatMoney } from './notification-factory';

const event = (type: string, data: unknown, subject = 'o-1') =>
  createCloudEvent({ source: 'test', type, subject, data }) as unknown as KnownEvent;

const placed = (over: Record<string, unknown> = {}) => ({
  orderId: 'o-1',
  orderNumber: 'MS-1001',
  customerId: 'sub-alice',
  status: 'CONFIRMED',
  lines: [],
  total: 2598,
  currency: 'USD',
  ...over,
});

describe(draftFor.name, () => {
  it('tells the customer their order was placed, with the amount', () => {
    const e = event('order.placed', placed());
    const draft = draftFor(e)!;
    expect(draft).toMatchObject({
      eventId: e.id,
      type: 'order.placed',
      subject: 'o-1',
      audience: 'user:sub-alice',
      title: 'Order MS-1001 placed',
    });
    expect(draft.body).toContain('$25.98');
  });

  it('tells the customer about a cancellation and a status change', () => {
    const cancelled = draftFor(
      event('order.cancelled', {
        orderId: 'o-1',
        orderNumber: 'MS-1',
        customerId: 'c',
        cancelledBy: 'c',
      }),
    )!;
    expect(cancelled).toMatchObject({ audience: 'user:c', title: 'Order MS-1 cancelled' });
    const shipped = draftFor(
      event('order.status-changed', {
        orderId: 'o-1',
        orderNumber: 'MS-1',
        customerId: 'c',
        from: 'CONFIRMED',
        to: 'SHIPPED',
        changedBy: 'admin',
      }),
    )!;
    expect(shipped).toMatchObject({ audience: 'user:c', title: 'Order MS-1 shipped' });
  });

  it('sends stock alerts to admins', () => {
    const low = draftFor(
      event('inventory.low-stock', { sku: 'SKU-1', available: 2, threshold: 5 }, 'SKU-1'),
    )!;
    expect(low).toMatchObject({
      audience: ADMIN_AUDIENCE,
      subject: 'SKU-1',
      title: 'Low stock: SKU-1',
    });
    const out = draftFor(
      event('inventory.out-of-stock', { sku: 'SKU-1', available: 0, threshold: 5 }, 'SKU-1'),
    )!;
    expect(out).toMatchObject({ audience: ADMIN_AUDIENCE, title: 'Out of stock: SKU-1' });
  });

  it.each(['product.created', 'product.updated', 'product.deleted', 'inventory.stock-changed'])(
    'tells nobody about %s',
    (type) => expect(draftFor(event(type, {}))).toBeNull(),
  );
});

describe(formatMoney.name, () => {
  it('uses the currency decimals', () => {
    expect(formatMoney(1999, 'USD')).toBe('$19.99');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
  });
  it('never throws on an odd currency code', () => {
    expect(formatMoney(5, '??')).toBe('5 ?? (minor units)');
    expect(formatMoney(7, '??')).toBe('7 ?? (minor units)');
  });
  it('formats again with a remembered formatter', () => {
    expect(formatMoney(1, 'EUR')).toBe('€0.01');
    expect(formatMoney(123456, 'EUR')).toBe('€1,234.56');
  });
});
