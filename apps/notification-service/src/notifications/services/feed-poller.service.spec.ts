import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { NotificationRecord } from '../notification.model';
import { NotificationRepository } from '../repositories/notification.repository';
import { aRecord } from '../test-factories';
import { FeedPoller } from './feed-poller.service';

const config = { STREAM_POLL_MS: 10_000, STREAM_GAP_WAIT_MS: 1000 } as AppConfig;
const logger = { warn: jest.fn() } as unknown as Logger;

const setup = (rows: NotificationRecord[]) => {
  const repository = {
    maxSeq: jest.fn().mockResolvedValue(0),
    after: jest.fn(async (seq: number) =>
      rows.filter((r) => r.seq > seq).sort((a, b) => a.seq - b.seq),
    ),
  };
  const poller = new FeedPoller(repository as unknown as NotificationRepository, config, logger);
  const seen: number[] = [];
  poller.subscribe((batch) => seen.push(...batch.map((n) => n.seq)));
  const poll = () => (poller as unknown as { poll(): Promise<void> }).poll();
  return { poller, seen, poll, rows };
};

describe(FeedPoller.name, () => {
  afterEach(async () => jest.useRealTimers());

  it('hands on notifications in sequence order and advances its cursor', async () => {
    const { poller, seen, poll } = setup([aRecord({ seq: 1 }), aRecord({ seq: 2 })]);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 2]);
    expect(poller.cursor).toBe(2);
  });

  it('waits at a fresh gap, since the missing number may still be written', async () => {
    const { poller, seen, poll, rows } = setup([aRecord({ seq: 1 }), aRecord({ seq: 3 })]);
    await poll();
    expect(seen).toEqual([1]);
    rows.push(aRecord({ seq: 2 }));
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('skips a gap once it is older than the wait', async () => {
    const old = new Date(Date.now() - 5000);
    const { poller, seen, poll } = setup([aRecord({ seq: 2, createdAt: old })]);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([2]);
  });
});
