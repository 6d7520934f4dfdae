import { Inject, Injectable } from '@nestjs/common';
import { OutboxMessage, OutboxStore } from '@mstore/messaging';
import { APP_CONFIG } from '@mstore/platform';
import { AppConfig } from '../../config';
import { CatalogMarkRepository, UNMARKED_WRITE_MAX_MS } from './catalog-mark.repository';
import { LockRepository } from './lock.repository';
import { ProductsRepository } from './products.repository';

export const RELAY_LOCK_KEY = 'outbox-relay';

/**
 * Outbox on the product documents themselves. One relay (in any instance) holds the relay lease
 * per batch, so two instances never publish the same events at once and one product's events
 * go out in order; events are removed only after Kafka acknowledged them. While the catalog mark
 * stands still after a poll found nothing, polls skip the scan for pending events (FerretDB scans
 * every product for it).
 */
@Injectable()
export class ProductOutboxStore implements OutboxStore {
  /** The mark seen before the last scan that found nothing, and when that scan ran. */
  private idle?: { mark: string; scannedAt: number };

  constructor(
    private readonly products: ProductsRepository,
    private readonly marks: CatalogMarkRepository,
    private readonly locks: LockRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async withBatch(
    limit: number,
    publish: (batch: OutboxMessage[]) => Promise<void>,
  ): Promise<number> {
    if (!(await this.mayHavePendingEvents())) return 0;
    const lease = await this.locks.tryAcquire(RELAY_LOCK_KEY, this.config.OUTBOX_LEASE_MS);
    if (!lease) return 0; // another instance is relaying
    try {
      const docs = await this.products.findPendingEvents(limit);
      const batch = docs.flatMap((doc) =>
        doc.events.map((e) => ({
          id: e.id,
          topic: e.topic,
          key: doc.id,
          value: e.payload,
          traceparent: e.traceparent,
          tracestate: e.tracestate,
        })),
      );
      if (batch.length > 0) await publish(batch);
      for (const doc of docs) {
        await this.products.removeSentEvents(
          doc.id,
          doc.events.map((e) => e.id),
        );
      }
      return batch.length;
    } finally {
      await this.locks.release(lease);
    }
  }

  private async mayHavePendingEvents(): Promise<boolean> {
    // read before the scan: a write the scan misses moves the mark after it
    const mark = await this.marks.current();
    const now = Date.now();
    const idle = this.idle;
    if (idle && idle.mark === mark && now - idle.scannedAt < UNMARKED_WRITE_MAX_MS) return false;
    const pending = await this.products.hasPendingEvents();
    this.idle = pending || mark === undefined ? undefined : { mark, scannedAt: now };
    return pending;
  }
}
