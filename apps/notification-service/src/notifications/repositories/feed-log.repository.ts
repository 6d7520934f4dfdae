import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isMongoDuplicateKey } from '@mstore/mongo';
import { FEED_LOG_MODEL, FeedLogDoc } from './notification.schema';

/** Sorts as text in number order; 15 digits hold any sequence we will reach. */
export const slotKey = (seq: number): string => String(seq).padStart(15, '0');

export interface FeedSlot {
  seq: number;
  eventId: string;
  claimedAt: Date;
}

/**
 * Fleet-wide stream numbers. Each instance claims them strictly one at a time, starting from a
 * number known to be taken, so a claim of n only ever happens after n-1 exists: no holes, even
 * when a process dies, and the head can be found by probing.
 */
@Injectable()
export class FeedLogRepository {
  /** A number known to be claimed (0 = none yet). */
  private known?: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectModel(FEED_LOG_MODEL) private readonly log: Model<FeedLogDoc>) {}

  /** The next free number, now claimed for this event. */
  claim(eventId: string): Promise<FeedSlot> {
    const run = this.queue.then(() => this.claimNext(eventId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async slot(seq: number): Promise<FeedSlot | undefined> {
    const doc = await this.log.findById(slotKey(seq)).lean<FeedLogDoc>().exec();
    return doc ? { seq, eventId: doc.eventId, claimedAt: doc.claimedAt } : undefined;
  }

  /** The highest claimed number: exponential then binary search over the gapless prefix. */
  async head(): Promise<number> {
    let low = 0;
    let high = 1;
    while (await this.exists(high)) {
      low = high;
      high *= 2;
    }
    // low exists (or is 0), high does not
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await this.exists(mid)) low = mid;
      else high = mid;
    }
    return low;
  }

  private async claimNext(eventId: string): Promise<FeedSlot> {
    let seq = (this.known ??= await this.head()) + 1;
    for (;;) {
      const claimedAt = new Date();
      try {
        await this.log.create({ _id: slotKey(seq), eventId, claimedAt });
        this.known = seq;
        return { seq, eventId, claimedAt };
      } catch (error) {
        if (!isMongoDuplicateKey(error)) throw error;
        // another instance is ahead of what we knew: jump past its head
        this.known = Math.max(seq, await this.head());
        seq = this.known + 1;
      }
    }
  }

  private async exists(seq: number): Promise<boolean> {
    return (await this.log.exists({ _id: slotKey(seq) }).exec()) !== null;
  }
}
