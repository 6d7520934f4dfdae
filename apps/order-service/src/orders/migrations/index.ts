import { CreateOutbox1736900000000 } from './1736900000000-create-outbox.migration';
import { CreateOrders1736900001000 } from './1736900001000-create-orders.migration';
import { CreateCarts1767000000000 } from './1767000000000-create-carts.migration';
import { AddOutboxTraceContext1768000000000 } from './1768000000000-add-outbox-trace-context.migration';

/** In order; TypeORM runs the pending ones at start (migrationsRun). */
export const ORDER_MIGRATIONS = [
  CreateOutbox1736900000000,
  CreateOrders1736900001000,
  CreateCarts1767000000000,
  AddOutboxTraceContext1768000000000,
];
