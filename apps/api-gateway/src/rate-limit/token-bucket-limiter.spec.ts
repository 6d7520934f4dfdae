import { RateLimitSettings, TokenBucketLimiter } from './token-bucket-limiter';

const settings = (overrides: Partial<RateLimitSettings> = {}): RateLimitSettings => ({
  capacity: 3,
  refillPerSecond: 1,
  maxKeys: 100,
  ...overrides,
});

describe(TokenBucketLimiter.name, () => {
  let clock: number;
  const limiterWith = (s = settings()) => new TokenBucketLimiter(s, () => clock);
  beforeEach(() => (clock = 1_000_000));

  it('allows a burst up to the capacity, counting down the remaining tokens', () => {
    const limiter = limiterWith();
    expect([1, 2, 3].map(() => limiter.take('u').remaining)).toEqual([2, 1, 0]);
    expect(limiter.take('u')).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      retryAfterSeconds: 1,
    });
  });

  it('refills over time, never beyond the capacity', () => {
    const limiter = limiterWith();
    for (let i = 0; i < 3; i++) limiter.take('u');
    clock += 1000;
    expect(limiter.take('u').allowed).toBe(true);
    expect(limiter.take('u').allowed).toBe(false);
    clock += 60_000;
    expect(limiter.take('u').remaining).toBe(2);
  });

  it('keeps one bucket per key', () => {
    const limiter = limiterWith(settings({ capacity: 1 }));
    expect(limiter.take('alice').allowed).toBe(true);
    expect(limiter.take('alice').allowed).toBe(false);
    expect(limiter.take('bob').allowed).toBe(true);
  });

  it('tells how long until a token is back at slow refill rates', () => {
    const limiter = limiterWith(settings({ capacity: 1, refillPerSecond: 1 }));
    limiter.take('u');
    clock += 200;
    expect(limiter.take('u').retryAfterSeconds).toBe(1);
  });
});
