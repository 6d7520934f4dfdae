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
import { FeedLogRepository } from '../repositories/feed-log.repository';
import { NotificationRepository } from '../repositories/notification.repository';

const BATCH = 500;
type Listener = (batch: NotificationRecord[]) => void;

/**
 * Follows the stream numbers of the feed log so every instance sees what any instance stored
 * (FerretDB has no change streams, and the consumer group splits events between instances, so an
 * instance's own consumer output would not be enough). Each step is a string-`_id` lookup, cheap on
 * FerretDB; the log has no holes, so the first missing number means nothing newer exists yet. A
 * number claimed but not yet stored is waited for up to STREAM_GAP_WAIT_MS (its writer may have
 * died between claim and insert), then passed over.
 */
@Injectable()
export class FeedPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private watermark = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly feedLog: FeedLogRepository,
    private readonly repository: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Every notification up to here has been handed to listeners. */
  get cursor(): number {
    return this.watermark;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.watermark = await this.feedLog.head();
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
      const { ready, upTo, full } = await this.collect();
      // cursor and broadcast move together, synchronously: a stream opening now sees one or the other
      this.watermark = upTo;
      if (ready.length) for (const listener of this.listeners) listener(ready);
      if (this.again || full) next = 0;
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'stream poll failed');
    }
    this.again = false;
    if (!this.stopped) this.schedule(next);
  }

  private async collect() {
    const ready: NotificationRecord[] = [];
    let upTo = this.watermark;
    while (ready.length < BATCH) {
      const slot = await this.feedLog.slot(upTo + 1);
      if (!slot) break;
      const doc = await this.repository.findByEventId(slot.eventId);
      if (!doc) {
        const age = Date.now() - slot.claimedAt.getTime();
        if (age < this.config.STREAM_GAP_WAIT_MS) break; // being stored right now
      } else if (doc.seq === slot.seq) {
        ready.push(doc);
      } // else: a claim that lost a duplicate race; the event is streamed under its own number
      upTo = slot.seq;
    }
    return { ready, upTo, full: ready.length >= BATCH };
  }
}
