import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER } from '@mstore/platform';
import type { Logger } from 'pino';
import { ORDERS_SETTINGS, OrdersSettings } from '../orders.settings';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository';
import { OrderRepository } from '../repositories/order.repository';
import { ReservationLifecycle } from './reservation-lifecycle.service';

const BATCH = 50;
const DAY_MS = 86_400_000;

/**
 * Background housekeeping: retries reservation commits and releases inventory did not confirm,
 * and purges expired idempotency keys and old published outbox rows. Safe on every instance at
 * once: inventory calls are idempotent and state moves are conditional.
 */
@Injectable()
export class ReservationReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly orders: OrderRepository,
    private readonly keys: IdempotencyKeyRepository,
    private readonly reservations: ReservationLifecycle,
    @Inject(ORDERS_SETTINGS) private readonly settings: OrdersSettings,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((error: unknown) => this.logger.warn({ err: String(error) }, 'reconcile failed'))
        .finally(() => (this.running = undefined));
    }, this.settings.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async runOnce(now = new Date()): Promise<void> {
    const pending = await this.orders.unsettledReservations(
      // a placement commits its own reservation right away; only older ones are the job's
      new Date(now.getTime() - this.settings.reconcileGraceMs),
      BATCH,
    );
    for (const order of pending) await this.reservations.settle(order);
    await this.keys.purgeExpired(now, 1000);
    await this.orders.purgePublishedOutbox(
      new Date(now.getTime() - this.settings.outboxRetentionDays * DAY_MS),
      1000,
    );
  }
}
