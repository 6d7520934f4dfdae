import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER } from '@mstore/platform';
import { DependencyUnavailable, UpstreamRejected } from '@mstore/resilience';
import type { Logger } from 'pino';
import { InventoryClient } from '../clients/inventory.client';
import { ReservationState } from '../entities';
import { ORDERS_SETTINGS, OrdersSettings } from '../orders.settings';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository';
import { OrderRepository } from '../repositories/order.repository';

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
    private readonly inventory: InventoryClient,
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
    for (const order of pending) {
      if (order.reservation === ReservationState.Reserved) await this.commit(order.id);
      else await this.release(order.id);
    }
    await this.keys.purgeExpired(now, 1000);
    await this.orders.purgePublishedOutbox(
      new Date(now.getTime() - this.settings.outboxRetentionDays * DAY_MS),
      1000,
    );
  }

  private async commit(orderId: string): Promise<void> {
    try {
      await this.inventory.commit(orderId);
      await this.orders.setReservation(
        orderId,
        ReservationState.Reserved,
        ReservationState.Committed,
      );
    } catch (error) {
      if (error instanceof DependencyUnavailable) return; // next round
      if (error instanceof UpstreamRejected) {
        // expired or unknown: the stock is no longer held for this order
        await this.orders.setReservation(
          orderId,
          ReservationState.Reserved,
          ReservationState.Failed,
        );
        this.logger.error({ orderId, status: error.status }, 'reservation commit refused');
        return;
      }
      throw error;
    }
  }

  private async release(orderId: string): Promise<void> {
    try {
      await this.inventory.release(orderId);
      await this.orders.setReservation(
        orderId,
        ReservationState.ReleasePending,
        ReservationState.Released,
      );
    } catch (error) {
      if (error instanceof DependencyUnavailable) return;
      throw error;
    }
  }
}
