import { LRUCache } from 'lru-cache';

export interface RateLimitSettings {
  capacity: number;
  refillPerSecond: number;
  maxKeys: number;
}

export interface TakeResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until one token is back (only meaningful when refused). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-memory token bucket per key (user or IP): refilled lazily on each take, so an idle key costs
 * nothing; the LRU bounds memory when many IPs pass by. Per instance: N gateways allow N times it.
 */
export class TokenBucketLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly perMs: number;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new LRUCache({ max: settings.maxKeys });
    this.perMs = settings.refillPerSecond / 1000;
  }

  take(key: string): TakeResult {
    const { capacity } = this.settings;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return {
        allowed: true,
        limit: capacity,
        remaining: Math.floor(bucket.tokens),
        retryAfterSeconds: 0,
      };
    }
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((1 - bucket.tokens) / this.settings.refillPerSecond),
    );
    return { allowed: false, limit: capacity, remaining: 0, retryAfterSeconds };
  }
}
