import type { AppConfig } from '../config';

/** The part of the config the orders module uses (easy to build in unit tests). */
export interface OrdersSettings {
  idempotencyTtlHours: number;
  idempotencyWaitMs: number;
  idempotencyStaleMs: number;
  reconcileIntervalMs: number;
  /** Must stay well under inventory's RESERVATION_TTL_SECONDS, or a held reservation may expire first. */
  reconcileGraceMs: number;
  outboxRetentionDays: number;
}
export const ORDERS_SETTINGS = Symbol('ORDERS_SETTINGS');

/** The orders module's part of the validated config. */
export const ordersSettings = (config: AppConfig): OrdersSettings => ({
  idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
  idempotencyWaitMs: config.IDEMPOTENCY_WAIT_MS,
  idempotencyStaleMs: config.IDEMPOTENCY_STALE_MS,
  reconcileIntervalMs: config.RECONCILE_INTERVAL_MS,
  reconcileGraceMs: config.RECONCILE_GRACE_MS,
  outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
});
