/** The part of the config the orders module uses (easy to build in unit tests). */
export interface OrdersSettings {
  idempotencyTtlHours: number;
  idempotencyWaitMs: number;
  idempotencyStaleMs: number;
  reconcileIntervalMs: number;
  /** Must stay well under inventory's RESERVATION_TTL_SECONDS, or a held reservation may expire first. */
  reconcileGraceMs: number;
  outboxPollMs: number;
  outboxRetentionDays: number;
}
export const ORDERS_SETTINGS = Symbol('ORDERS_SETTINGS');
