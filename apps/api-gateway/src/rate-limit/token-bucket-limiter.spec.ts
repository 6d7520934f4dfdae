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

describe(`${TokenBucketLimiter.name} shared by several gateways`, () => {
  let clock = 1_000_000;
  const limiter = () => new TokenBucketLimiter(settings({ capacity: 10, refillPerSecond: 4 }), () => clock);

  it('keeps 1/N of the burst and of the refill on each of N gateways', () => {
    const one = limiter();
    one.share(2);
    const taken = Array.from({ length: 10 }, () => one.take('u').allowed).filter(Boolean);
    expect(taken).toHaveLength(5);
    expect(one.take('u')).toMatchObject({ allowed: false, limit: 5, retryAfterSeconds: 1 });
    clock += 1000; // 4/s shared by 2: two tokens back
    expect([1, 2, 3].map(() => one.take('u').allowed)).toEqual([true, true, false]);
  });

  it('never drops below one token of burst, and goes back to the whole budget alone', () => {
    const one = limiter();
    one.share(50);
    expect(one.take('u').allowed).toBe(true);
    one.share(1);
    expect(one.sharedBy).toBe(1);
    expect(one.take('v').limit).toBe(10);
  });
});
