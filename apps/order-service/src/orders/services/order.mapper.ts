import type { OrderView } from '../dto/order.dto';
import type { OrderEntity } from '../entities';

export function toOrderView(o: OrderEntity): OrderView {
  return {
    id: o.id,
    orderNumber: o.orderNumber,
    customerId: o.customerId,
    status: o.status,
    lines: [...(o.lines ?? [])]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        lineTotal: l.lineTotal,
      })),
    total: o.total,
    currency: o.currency,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}
