import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { OrderAuditEntity } from './order-audit.entity';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';

export * from './idempotency-key.entity';
export * from './order-audit.entity';
export * from './order-line.entity';
export * from './order.entity';

export const ORDER_ENTITIES = [
  OrderEntity,
  OrderLineEntity,
  OrderAuditEntity,
  IdempotencyKeyEntity,
];
