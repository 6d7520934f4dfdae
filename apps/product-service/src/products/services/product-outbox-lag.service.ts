import { Injectable, OnModuleInit } from '@nestjs/common';
import { trackOutboxLag } from '@mstore/observability';
import { CatalogMarkRepository } from '../repositories/catalog-mark.repository';
import { ProductsRepository } from '../repositories/products.repository';

/** The relay's batch size: past that many waiting products the lag is taken from these. */
const SCANNED = 200;
/** A scrape that found nothing skips the scan while the catalog mark stands still this long. */
const IDLE_RESCAN_MS = 60_000;

/**
 * outbox_lag_seconds of the outbox on the product documents: the oldest waiting event's own time.
 * FerretDB scans every product for `outboxPending`, so an idle catalog (the mark unmoved since a
 * scan found nothing) answers 0 without scanning.
 */
@Injectable()
export class ProductOutboxLag implements OnModuleInit {
  private idle?: { mark: string; at: number };

  constructor(
    private readonly products: ProductsRepository,
    private readonly marks: CatalogMarkRepository,
  ) {}

  onModuleInit(): void {
    trackOutboxLag(() => this.oldestPendingAge());
  }

  async oldestPendingAge(now = Date.now()): Promise<number> {
    const mark = await this.marks.current();
    if (this.idle && this.idle.mark === mark && now - this.idle.at < IDLE_RESCAN_MS) return 0;
    const docs = await this.products.findPendingEvents(SCANNED);
    const times = docs.flatMap((d) => d.events.map((e) => eventTime(e.payload)));
    this.idle = times.length === 0 && mark !== undefined ? { mark, at: now } : undefined;
    return times.length === 0 ? 0 : (now - Math.min(...times)) / 1000;
  }
}

/** The CloudEvent's `time`; an unreadable one counts as now (it is the relay's to reject). */
function eventTime(payload: string): number {
  try {
    const time = Date.parse((JSON.parse(payload) as { time?: string }).time ?? '');
    return Number.isNaN(time) ? Date.now() : time;
  } catch {
    return Date.now();
  }
}
