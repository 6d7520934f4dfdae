import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isMongoDuplicateKey } from '@mstore/platform';
import { LOCK_MODEL, LockDocument } from './lock.schema';

export interface Lease {
  key: string;
  token: Types.ObjectId;
}

/**
 * Leases on FerretDB. Its updates are read-then-write without isolation, so a conditional
 * update is no compare-and-set; a unique-index insert is. Release and takeover delete by the
 * lease's own `_id`, so they can never remove somebody else's newer lease.
 */
@Injectable()
export class LockRepository implements OnModuleInit {
  constructor(@InjectModel(LOCK_MODEL) private readonly locks: Model<LockDocument>) {}

  /** Leases mean nothing without the unique index. */
  async onModuleInit(): Promise<void> {
    await this.locks.init();
  }

  /** One attempt; undefined when somebody else holds a live lease. */
  async tryAcquire(key: string, ttlMs: number): Promise<Lease | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = new Types.ObjectId();
      try {
        await this.locks.create({ _id: token, key, until: new Date(Date.now() + ttlMs) });
        return { key, token };
      } catch (error) {
        if (!isMongoDuplicateKey(error)) throw error;
      }
      const holder = await this.locks.findOne({ key }).lean();
      if (holder && holder.until.getTime() > Date.now()) return undefined;
      // expired (its holder died): remove exactly that lease and try once more
      if (holder) await this.locks.deleteOne({ _id: holder._id });
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
    await this.locks.deleteOne({ _id: lease.token });
  }
}
