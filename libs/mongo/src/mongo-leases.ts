import { Model, Types } from 'mongoose';
import type { LeaseDocument } from './lease.schema';
import { isMongoDuplicateKey } from './mongo.errors';

export interface Lease {
  key: string;
  token: Types.ObjectId;
}

/**
 * Leases on FerretDB. Its updates are read-then-write without isolation, so a conditional
 * update is no compare-and-set; a unique-index insert is. Release and takeover delete by the
 * lease's own `_id`, so they can never remove somebody else's newer lease.
 */
export class MongoLeases {
  constructor(private readonly leases: Model<LeaseDocument>) {}

  /** Builds the unique index: leases mean nothing without it. */
  async init(): Promise<void> {
    await this.leases.init();
  }

  /** One attempt; undefined when somebody else holds a live lease. */
  async tryAcquire(key: string, ttlMs: number): Promise<Lease | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = new Types.ObjectId();
      try {
        await this.leases.create({ _id: token, key, until: new Date(Date.now() + ttlMs) });
        return { key, token };
      } catch (error) {
        if (!isMongoDuplicateKey(error)) throw error;
      }
      const holder = await this.leases.findOne({ key }).lean();
      if (holder && holder.until.getTime() > Date.now()) return undefined;
      // expired (its holder died): remove exactly that lease and try once more
      if (holder) await this.leases.deleteOne({ _id: holder._id });
    }
    return undefined;
  }

  /** Waits up to `waitMs` for the lease. */
  async acquire(key: string, ttlMs: number, waitMs: number): Promise<Lease | undefined> {
    const deadline = Date.now() + waitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      const lease = await this.tryAcquire(key, ttlMs);
      if (lease || Date.now() + delay > deadline) return lease;
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    }
  }

  async release(lease: Lease): Promise<void> {
    await this.leases.deleteOne({ _id: lease.token });
  }
}
