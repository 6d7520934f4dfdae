import { LRUCache } from 'lru-cache';

export interface CachedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  etag: string;
  /** The upstream marked it as not for a shared cache (see `isShareable`): served, never stored. */
  private?: true;
}

export interface CatalogCacheSettings {
  ttlMs: number;
  maxEntries: number;
  /** Larger answers are served but not kept. */
  maxBodyBytes: number;
}

/**
 * Short-lived copies of public catalog answers, served to every caller alike (keyed by path and
 * query alone: the proxy fetches them without the caller's credentials). Only used while the
 * product-events consumer is live, since that is what clears it on a change; a generation counter
 * keeps a fetch that started before an invalidation from storing its (possibly stale) answer
 * afterwards.
 */
export class CatalogCache {
  private readonly entries?: LRUCache<string, CachedAnswer>;
  private generation = 0;
  private live = false;
  /** Misses being fetched, per generation and key: a stampede on an expired entry costs one fetch. */
  private readonly inflight = new Map<string, Promise<CachedAnswer>>();

  constructor(private readonly settings: CatalogCacheSettings) {
    if (settings.ttlMs > 0)
      // an expired entry stays until replaced, to be served while its refresh runs
      this.entries = new LRUCache({
        max: settings.maxEntries,
        ttl: settings.ttlMs,
        noDeleteOnStaleGet: true,
      });
  }

  get isLive(): boolean {
    return this.live;
  }

  get(key: string): CachedAnswer | undefined {
    return this.live ? this.entries?.get(key) : undefined;
  }

  /** What `getOrFetch` serves for the key now: a fresh copy, an expired one (while it refreshes), or none. */
  state(key: string): 'hit' | 'stale' | 'miss' {
    if (!this.live || !this.entries) return 'miss';
    if (this.entries.has(key)) return 'hit';
    return this.entries.peek(key, { allowStale: true }) ? 'stale' : 'miss';
  }

  /**
   * The cached answer, or one fetch shared by every concurrent miss of the key (then stored). An
   * expired answer is served while that fetch runs (stale-while-revalidate): any product change
   * empties the cache, so an expired answer is one no change has been announced for.
   */
  async getOrFetch(key: string, fetch: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    const cached = this.get(key);
    if (cached) return cached;
    if (!this.live || !this.entries) return fetch();
    const pending = this.refresh(key, fetch);
    const stale = this.entries.get(key, { allowStale: true });
    if (!stale) return pending;
    pending.catch(() => undefined); // the stale answer stands; the next request tries again
    return stale;
  }

  private refresh(key: string, fetch: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    const ticket = this.ticket();
    const flight = `${ticket}:${key}`;
    let pending = this.inflight.get(flight);
    if (!pending) {
      pending = fetch().then((answer) => (this.store(key, ticket, answer), answer));
      this.inflight.set(flight, pending);
      void pending.then(
        () => this.inflight.delete(flight),
        () => this.inflight.delete(flight),
      );
    }
    return pending;
  }

  /** Call before fetching; pass the result to `store`. */
  ticket(): number {
    return this.generation;
  }

  store(key: string, ticket: number, answer: CachedAnswer): void {
    if (!this.live || ticket !== this.generation) return;
    if (answer.status !== 200 || answer.private || answer.body.length > this.settings.maxBodyBytes)
      return;
    this.entries?.set(key, answer);
  }

  invalidate(): void {
    this.generation++;
    this.entries?.clear();
  }

  /** Whether invalidation events arrive; changing it always starts from an empty cache. */
  setLive(live: boolean): void {
    this.live = live;
    this.invalidate();
  }
}
