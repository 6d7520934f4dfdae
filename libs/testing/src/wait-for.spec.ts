import { waitFor } from './wait-for';

describe(waitFor.name, () => {
  it('resolves with the first truthy value', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
  });

  it('times out naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('refused');
        },
        { timeoutMs: 20, intervalMs: 5, label: 'the gateway' },
      ),
    ).rejects.toThrow('timed out waiting for the gateway: Error: refused');
  });
});
