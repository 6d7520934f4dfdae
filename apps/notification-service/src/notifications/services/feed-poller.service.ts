import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '@mstore/platform';
import { AppConfig } from '../../config';
import { APP_CONFIG } from '../../app-config.module';
import { NotificationRecord } from '../notification.model';
import { NotificationRepository } from '../repositories/notification.repository';

const BATCH = 500;
type Listener = (batch: NotificationRecord[]) => void;

/**
 * Follows the notifications collection by its sequence so every instance sees what any instance
 * stored (FerretDB has no change streams). A sequence number is taken before its insert, so a
 * missing number may still arrive: the poller waits for it up to STREAM_GAP_WAIT_MS, then moves on.
 */
@Injectable()
export class FeedPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private watermark = 0;
  private gap?: { seq: number; since: number };
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly repository: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Every notification up to here has been handed to listeners. */
  get cursor(): number {
    return this.watermark;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.watermark = await this.repository.maxSeq();
    this.schedule(this.config.STREAM_POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A local store just happened: look now instead of at the next tick. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.poll().finally(() => (this.running = undefined));
    }, ms);
  }

  private async poll(): Promise<void> {
    let next = this.config.STREAM_POLL_MS;
    try {
      const docs = await this.repository.after(this.watermark, BATCH);
      const ready = this.contiguous(docs, Date.now());
      if (ready.length) {
        this.watermark = ready[ready.length - 1].seq;
        for (const listener of this.listeners) listener(ready);
      }
      if (this.again || (docs.length === BATCH && ready.length)) next = 0;
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'stream poll failed');
    }
    this.again = false;
    if (!this.stopped) this.schedule(next);
  }

  /** The run of notifications after the watermark without an unexplained hole. */
  private contiguous(docs: NotificationRecord[], now: number): NotificationRecord[] {
    const ready: NotificationRecord[] = [];
    let expected = this.watermark + 1;
    for (const doc of docs) {
      if (doc.seq !== expected) {
        if (this.gap?.seq !== expected) this.gap = { seq: expected, since: now };
        const wait = this.config.STREAM_GAP_WAIT_MS;
        const stale = now - this.gap.since >= wait || now - doc.createdAt.getTime() >= wait;
        if (!stale) break;
      }
      ready.push(doc);
      expected = doc.seq + 1;
    }
    return ready;
  }
}
