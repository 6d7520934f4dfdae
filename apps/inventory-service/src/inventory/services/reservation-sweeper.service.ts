import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { counter, measuredGauge } from '@mstore/observability';
import { APP_CONFIG, APP_LOGGER, Outbox } from '@mstore/platform';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { InventoryRepository } from '../repositories/inventory.repository';
import { StockLedgerService } from './stock-ledger.service';

const expired = counter(
  'inventory_reservations_expired_total',
  'Reservations released by the sweeper',
);

/**
 * Releases reservations not committed in time. Every instance sweeps; SKIP LOCKED hands each
 * expired reservation to exactly one of them.
 */
@Injectable()
export class ReservationSweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly repository: InventoryRepository,
    private readonly ledger: StockLedgerService,
    private readonly relay: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    measuredGauge(
      'inventory_reservations_held',
      'Reservations holding stock now (neither committed, released nor expired yet)',
      () => this.repository.countHeldReservations(),
    );
    this.stopped = false;
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** Expires everything due now, batch by batch; returns how many were expired. */
  async sweep(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.repository.transaction(async (tx) => {
        const due = await tx.lockExpiredReservations(now, this.config.SWEEP_BATCH_SIZE);
        if (due.length === 0) return 0;
        await this.ledger.giveBack(tx, due, 'EXPIRE', 'system');
        await tx.setReservationStatus(
          due.map((r) => r.orderId),
          'EXPIRED',
        );
        return due.length;
      });
      total += count;
      if (count < this.config.SWEEP_BATCH_SIZE || this.stopped) break;
    }
    if (total > 0) {
      expired.inc(total);
      this.relay.nudge();
      this.logger.info({ expired: total }, 'expired reservations released');
    }
    return total;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.pass = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'reservation sweep failed'))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    }, this.config.SWEEP_INTERVAL_MS);
    this.timer.unref();
  }
}
