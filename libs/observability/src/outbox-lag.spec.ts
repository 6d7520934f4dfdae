import { register } from 'prom-client';
import { MEASURE_TIMEOUT_MS } from './metrics';
import { trackOutboxLag } from './outbox-lag';

const scrape = async () =>
  (await register.getSingleMetric('outbox_lag_seconds')?.get())?.values[0]?.value;

describe(trackOutboxLag.name, () => {
  it('reports the age the source measures on each scrape, 0 when nothing waits', async () => {
    let age = 42.5;
    trackOutboxLag(async () => age);
    expect(await scrape()).toBe(42.5);
    age = 0;
    expect(await scrape()).toBe(0);
  });

  it('keeps the last figure when the database fails or does not answer in time', async () => {
    trackOutboxLag(async () => 7);
    expect(await scrape()).toBe(7);
    trackOutboxLag(() => Promise.reject(new Error('ECONNREFUSED')));
    expect(await scrape()).toBe(7);
    trackOutboxLag(() => new Promise(() => undefined));
    const started = Date.now();
    expect(await scrape()).toBe(7);
    expect(Date.now() - started).toBeLessThan(MEASURE_TIMEOUT_MS + 500);
  });
});
