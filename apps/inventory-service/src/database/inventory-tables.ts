import { defineTable, RowOf, sqlColumn as c, TableDescription } from '@mstore/mysql';

// The inventory tables as the repositories read and write them; schema.int-spec.ts holds the
// migrations to these descriptions, column by column.

export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'EXPIRED';
export type MovementKind =
  'SEED' | 'SET' | 'ADJUST' | 'RESERVE' | 'COMMIT' | 'RELEASE' | 'RETURN' | 'EXPIRE';

const COLLATION = 'utf8mb4_unicode_ci';
/** ascii_bin so the database orders skus like JS does: locks are taken in one order everywhere. */
const sku = () => c.varchar(64, 'ascii_bin');
/** Order ids compare byte for byte (they are idempotency keys). */
const orderId = () => c.varchar(64, 'utf8mb4_bin');
const createdAt = () => c.datetime3().withDefault('current_timestamp(3)');
const updatedAt = () => createdAt().withExtra('on update current_timestamp(3)');

/** Stock of one sku: `available` can be reserved, `reserved` is held for open orders. */
export const stockTable = defineTable({
  name: 'stock',
  collation: COLLATION,
  columns: {
    sku: sku(),
    available: c.int().withDefault('0'),
    reserved: c.int().withDefault('0'),
    /** Overrides LOW_STOCK_THRESHOLD for this sku when set. */
    lowStockThreshold: c.int().null(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  primaryKey: ['sku'],
});

/** One order's hold on stock; the order id is the idempotency key. */
export const reservationTable = defineTable({
  name: 'reservation',
  collation: COLLATION,
  columns: {
    orderId: orderId(),
    status: c.varchar<ReservationStatus>(16),
    expiresAt: c.datetime3(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  primaryKey: ['orderId'],
});

export const reservationLineTable = defineTable({
  name: 'reservation_line',
  collation: COLLATION,
  columns: { orderId: orderId(), sku: sku(), quantity: c.int() },
  primaryKey: ['orderId', 'sku'],
});

/** Append-only audit of every stock change: who, what, why, when. Deltas sum to the current stock. */
export const stockMovementTable = defineTable({
  name: 'stock_movement',
  collation: COLLATION,
  columns: {
    id: c.bigint().withExtra('auto_increment'),
    sku: sku(),
    kind: c.varchar<MovementKind>(16),
    availableDelta: c.int(),
    reservedDelta: c.int(),
    availableAfter: c.int(),
    reservedAfter: c.int(),
    reason: c.varchar(200),
    /** Username of the admin or service account, or `system` for the sweeper and the seed. */
    actor: c.varchar(100),
    orderId: orderId().null(),
    createdAt: createdAt(),
  },
  primaryKey: ['id'],
});

/** Skus whose product was deleted (from product-events): reported retired, never in stock. */
export const retiredSkuTable = defineTable({
  name: 'retired_sku',
  collation: COLLATION,
  columns: { sku: sku(), productId: c.varchar(64), retiredAt: createdAt() },
  primaryKey: ['sku'],
});

/** Every table the inventory migrations create besides the kernel's outbox tables. */
export const INVENTORY_TABLES: readonly TableDescription[] = [
  stockTable,
  reservationTable,
  reservationLineTable,
  stockMovementTable,
  retiredSkuTable,
];

export type StockRecord = RowOf<typeof stockTable>;
export type ReservationRecord = RowOf<typeof reservationTable>;
export type ReservationLineRecord = RowOf<typeof reservationLineTable>;
export type StockMovementRecord = RowOf<typeof stockMovementTable>;
export type RetiredSkuRecord = RowOf<typeof retiredSkuTable>;
