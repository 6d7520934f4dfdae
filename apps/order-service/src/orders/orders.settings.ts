/** The part of the config the orders module uses (easy to build in unit tests). */
export interface OrdersSettings {
  idempotencyTtlHours: number;
  idempotencyWaitMs: number;
  idempotencyStaleMs: number;
  reconcileIntervalMs: number;
  outboxPollMs: number;
  outboxRetentionDays: number;
}
export const ORDERS_SETTINGS = Symbol('ORDERS_SETTINGS');
