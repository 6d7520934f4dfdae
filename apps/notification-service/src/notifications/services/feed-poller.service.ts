import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import { AppConfig } from '../../config';
import { NotificationRecord } from '../notification.model';
import { FeedLogRepository } from '../repositories/feed-log.repository';
import { NotificationRepository } from '../repositories/notification.repository';

const BATCH = 500;
/** The log's pace while no stream is open on this instance. */
const IDLE_POLL_MS = 5000;
/** Local stores kept for the poll; beyond this (a stalled poll) the oldest are read back instead. */
const FRESH_MAX = 2 * BATCH;
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
  /** What this instance just stored, by stream number: the poll hands it on without reading it back. */
  private readonly fresh = new Map<number, NotificationRecord>();
  private probedAt = 0;

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
    this.schedule(this.pollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    // the first stream ends the idle pace: the next look is at most STREAM_POLL_MS away
    if (this.listeners.size === 1 && !this.running && !this.stopped)
      this.schedule(this.config.STREAM_POLL_MS);
    return () => this.listeners.delete(listener);
  }

  /** With no stream open, reading the log often buys nothing: a slow pace keeps the cursor near. */
  private get pollMs(): number {
    return this.listeners.size > 0 ? this.config.STREAM_POLL_MS : IDLE_POLL_MS;
  }

  /** This instance stored it: keep it for the poll, and look now instead of at the next tick. */
  stored(notification: NotificationRecord): void {
    if (notification.seq > this.watermark) {
      this.fresh.set(notification.seq, notification);
      if (this.fresh.size > FRESH_MAX) this.fresh.delete(this.fresh.keys().next().value as number);
    }
    this.nudge();
  }

  /**
   * A local store just happened: look now instead of at the next tick. Such a look hands on only
   * what was stored here, up to the first gap; the tick (at most STREAM_POLL_MS away) reads the log.
   */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0, false);
  }

  private schedule(ms: number, probe = true): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.poll(probe).finally(() => (this.running = undefined));
    }, ms);
  }

  private async poll(probe: boolean): Promise<void> {
    let next = this.pollMs;
    let nextProbes = true;
    // a steady stream of nudges must not keep the log from being read for longer than a tick
    const probing = probe || Date.now() - this.probedAt >= next;
    if (probing) this.probedAt = Date.now();
    try {
      const { ready, upTo, full } = await this.collect(probing);
      // cursor and broadcast move together, synchronously: a stream opening now sees one or the other
      this.watermark = upTo;
      if (ready.length) for (const listener of this.listeners) listener(ready);
      if (full) next = 0;
      else if (this.again) [next, nextProbes] = [0, false];
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'stream poll failed');
    }
    this.again = false;
    if (!this.stopped) this.schedule(next, nextProbes);
  }

  /** `probe`: also look for numbers claimed elsewhere after the last one known here. */
  private async collect(probe: boolean) {
    const ready: NotificationRecord[] = [];
    let upTo = this.watermark;
    while (ready.length < BATCH) {
      const known = this.fresh.get(upTo + 1);
      if (known) {
        this.fresh.delete(upTo + 1);
        ready.push(known);
        upTo = known.seq;
        continue;
      }
      // a gap here is a local store still running (it nudges again) or a number claimed elsewhere
      if (!probe) break;
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
