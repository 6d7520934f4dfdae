import { CachedAnswer, CatalogCache, CatalogCacheSettings } from './catalog-cache';

const answer = (overrides: Partial<CachedAnswer> = {}): CachedAnswer => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{}'),
  etag: '"e"',
  ...overrides,
});
const liveCache = (overrides: Partial<CatalogCacheSettings> = {}) => {
  const cache = new CatalogCache({
    ttlMs: 60_000,
    maxEntries: 10,
    maxBodyBytes: 100,
    ...overrides,
  });
  cache.setLive(true);
  return cache;
};

describe(CatalogCache.name, () => {
  it('serves what it stored', () => {
    const cache = liveCache();
    cache.store('/api/products', cache.ticket(), answer());
    expect(cache.get('/api/products')?.etag).toBe('"e"');
  });

  it('keeps nothing while no invalidation events arrive', () => {
    const cache = new CatalogCache({ ttlMs: 60_000, maxEntries: 10, maxBodyBytes: 100 });
    cache.store('/k', cache.ticket(), answer());
    expect(cache.get('/k')).toBeUndefined();
    const live = liveCache();
    live.store('/k', live.ticket(), answer());
    live.setLive(false);
    expect(live.get('/k')).toBeUndefined();
  });

  it('drops everything on invalidation and refuses answers fetched before it', () => {
    const cache = liveCache();
    cache.store('/a', cache.ticket(), answer());
    const ticket = cache.ticket();
    cache.invalidate();
    cache.store('/b', ticket, answer());
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.get('/b')).toBeUndefined();
  });

  it('keeps only 200 answers within the size bound', () => {
    const cache = liveCache({ maxBodyBytes: 3 });
    cache.store('/404', cache.ticket(), answer({ status: 404 }));
    cache.store('/big', cache.ticket(), answer({ body: Buffer.from('12345') }));
    expect(cache.get('/404')).toBeUndefined();
    expect(cache.get('/big')).toBeUndefined();
  });

  it('is off with a zero TTL', () => {
    const cache = liveCache({ ttlMs: 0 });
    cache.store('/a', cache.ticket(), answer());
    expect(cache.get('/a')).toBeUndefined();
  });

  it('shares one fetch among concurrent misses of a key, then serves the stored copy', async () => {
    const cache = liveCache();
    let release!: (a: CachedAnswer) => void;
    const fetch = jest.fn(() => new Promise<CachedAnswer>((r) => (release = r)));
    const waiting = Promise.all([1, 2, 3].map(() => cache.getOrFetch('/p', fetch)));
    release(answer({ etag: '"shared"' }));
    expect((await waiting).map((a) => a.etag)).toEqual(['"shared"', '"shared"', '"shared"']);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await cache.getOrFetch('/p', fetch)).etag).toBe('"shared"');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not let a miss after an invalidation join a fetch that started before it', async () => {
    const cache = liveCache();
    let releaseOld!: (a: CachedAnswer) => void;
    const old = cache.getOrFetch('/p', () => new Promise((r) => (releaseOld = r)));
    cache.invalidate();
    const fresh = cache.getOrFetch('/p', async () => answer({ etag: '"new"' }));
    releaseOld(answer({ etag: '"old"' }));
    expect([(await old).etag, (await fresh).etag]).toEqual(['"old"', '"new"']);
    expect(cache.get('/p')?.etag).toBe('"new"');
  });

  it('fetches again after a failed fetch and caches nothing for it', async () => {
    const cache = liveCache();
    await expect(cache.getOrFetch('/p', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect((await cache.getOrFetch('/p', async () => answer())).etag).toBe('"e"');
  });

  it('serves an expired answer while one refresh runs, then the refreshed one', async () => {
    const cache = liveCache({ ttlMs: 20 });
    await cache.getOrFetch('/p', async () => answer({ etag: '"v1"' }));
    await new Promise((r) => setTimeout(r, 40));
    let release!: (a: CachedAnswer) => void;
    const refresh = jest.fn(() => new Promise<CachedAnswer>((r) => (release = r)));
    expect(cache.state('/p')).toBe('stale');
    const during = await Promise.all([1, 2].map(() => cache.getOrFetch('/p', refresh)));
    expect(during.map((a) => a.etag)).toEqual(['"v1"', '"v1"']);
    expect(refresh).toHaveBeenCalledTimes(1);
    release(answer({ etag: '"v2"' }));
    await new Promise((r) => setImmediate(r));
    expect(cache.state('/p')).toBe('hit');
    expect((await cache.getOrFetch('/p', refresh)).etag).toBe('"v2"');
    expect(cache.state('/other')).toBe('miss');
  });

  it('never serves an answer older than the last invalidation', async () => {
    const cache = liveCache({ ttlMs: 20 });
    await cache.getOrFetch('/p', async () => answer({ etag: '"v1"' }));
    await new Promise((r) => setTimeout(r, 40));
    cache.invalidate();
    expect((await cache.getOrFetch('/p', async () => answer({ etag: '"v2"' }))).etag).toBe('"v2"');
  });
});
