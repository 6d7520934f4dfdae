import { changeStatusSchema } from './change-status.dto';

describe('PATCH /api/orders/{id}/status body', () => {
  it('accepts the statuses an order can be in and refuses PENDING, which no order reaches', () => {
    for (const status of ['CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'])
      expect(changeStatusSchema.safeParse({ status }).success).toBe(true);
    expect(changeStatusSchema.safeParse({ status: 'PENDING' }).success).toBe(false);
  });
});
