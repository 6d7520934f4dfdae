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
 * nothing; the LRU bounds memory when many IPs pass by. The settings are the whole fleet's budget:
 * each of N gateways keeps 1/N of it (`share`), so N gateways behind a per-request balancer allow
 * the limit once, not N times.
 */
export class TokenBucketLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private perMs: number;
  private capacity: number;
  private gateways = 1;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new LRUCache({ max: settings.maxKeys });
    this.capacity = settings.capacity;
    this.perMs = settings.refillPerSecond / 1000;
  }

  /** How many gateways share the budget; each keeps its part (at least one token of burst). */
  share(gateways: number): void {
    this.gateways = Math.max(1, Math.floor(gateways));
    this.capacity = Math.max(1, this.settings.capacity / this.gateways);
    this.perMs = this.settings.refillPerSecond / this.gateways / 1000;
  }

  get sharedBy(): number {
    return this.gateways;
  }

  take(key: string): TakeResult {
    const capacity = this.capacity;
    const limit = Math.floor(capacity);
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
        limit,
        remaining: Math.floor(bucket.tokens),
        retryAfterSeconds: 0,
      };
    }
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((1 - bucket.tokens) / (this.perMs * 1000)),
    );
    return { allowed: false, limit, remaining: 0, retryAfterSeconds };
  }
}
