import { backoffMs, Interrupted, RetriesExhausted, withRetry } from './retry';

const policy = (over: Partial<{ maxAttempts: number; baseMs: number; maxMs: number }> = {}) => ({
  maxAttempts: 3,
  baseMs: 1,
  maxMs: 4,
  ...over,
});

describe(withRetry.name, () => {
  it('doubles the delay up to the cap', () => {
    const p = policy({ baseMs: 100, maxMs: 300 });
    expect([1, 2, 3].map((a) => backoffMs(p, a))).toEqual([100, 200, 300]);
  });

  it('returns once the work succeeds, reporting each retry', async () => {
    const work = jest.fn().mockRejectedValueOnce(new Error('blip')).mockResolvedValue('ok');
    const onRetry = jest.fn();
    await expect(withRetry(policy(), work, { onRetry })).resolves.toBe('ok');
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const work = jest.fn().mockRejectedValue(new Error('down'));
    const failure = withRetry(policy(), work);
    await expect(failure).rejects.toBeInstanceOf(RetriesExhausted);
    await expect(failure).rejects.toMatchObject({ attempts: 3 });
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('stops retrying when the service is stopping', async () => {
    const work = jest.fn().mockRejectedValue(new Error('down'));
    await expect(withRetry(policy(), work, { stopping: () => true })).rejects.toBeInstanceOf(
      Interrupted,
    );
    expect(work).toHaveBeenCalledTimes(1);
  });
});
