import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { NotificationRecord } from '../notification.model';
import { FeedLogRepository, FeedSlot } from '../repositories/feed-log.repository';
import { NotificationRepository } from '../repositories/notification.repository';
import { aRecord } from '../test-factories';
import { FeedPoller } from './feed-poller.service';

const config = { STREAM_POLL_MS: 10_000, STREAM_GAP_WAIT_MS: 1000 } as AppConfig;
const logger = { warn: jest.fn() } as unknown as Logger;

/** A feed log and a notifications collection in memory. */
const setup = () => {
  const slots = new Map<number, FeedSlot>();
  const docs = new Map<string, NotificationRecord>();
  const feedLog = {
    head: jest.fn(async () => slots.size),
    slot: jest.fn(async (seq: number) => slots.get(seq)),
  };
  const repository = { findByEventId: jest.fn(async (id: string) => docs.get(id)) };
  const poller = new FeedPoller(
    feedLog as unknown as FeedLogRepository,
    repository as unknown as NotificationRepository,
    config,
    logger,
  );
  const seen: number[] = [];
  poller.subscribe((batch) => seen.push(...batch.map((n) => n.seq)));
  const claim = (seq: number, eventId = `e-${seq}`, claimedAt = new Date()) =>
    slots.set(seq, { seq, eventId, claimedAt });
  const store = (seq: number, eventId = `e-${seq}`) =>
    docs.set(eventId, aRecord({ seq, eventId, id: eventId }));
  const put = (seq: number, eventId = `e-${seq}`) => {
    claim(seq, eventId);
    store(seq, eventId);
  };
  /** A tick's look (`probe`), or a look a local store asked for. */
  const poll = (probe = true) =>
    (poller as unknown as { poll(probe: boolean): Promise<void> }).poll(probe);
  return { poller, seen, poll, claim, store, put, feedLog, repository, docs };
};

describe(FeedPoller.name, () => {
  it('hands on notifications in stream order and advances its cursor', async () => {
    const { poller, seen, poll, put } = setup();
    for (const seq of [1, 2]) put(seq);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 2]);
    expect(poller.cursor).toBe(2);
  });

  it('starts at the head of the log: history is not streamed again', async () => {
    const { poller, seen, poll, put } = setup();
    put(1);
    await poller.onApplicationBootstrap();
    put(2);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([2]);
  });

  it('waits for a number claimed but not stored yet, keeping the order', async () => {
    const { poller, seen, poll, claim, store, put } = setup();
    claim(1);
    put(2);
    await poll();
    expect(seen).toEqual([]);
    expect(poller.cursor).toBe(0);
    store(1);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 2]);
  });

  it('passes over a claim whose writer died, once it is older than the wait', async () => {
    const { poller, seen, poll, claim, put } = setup();
    claim(1, 'e-1', new Date(Date.now() - 5000));
    put(2);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([2]);
    expect(poller.cursor).toBe(2);
  });

  it('skips a claim that lost a duplicate race: the event streams under its own number', async () => {
    const { poller, seen, poll, claim, put } = setup();
    put(1, 'e-x');
    claim(2, 'e-x');
    put(3);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 3]);
  });

  it('hands on what this instance stored without reading it back, in order with the rest', async () => {
    const { poller, seen, poll, put, claim, feedLog, repository, docs } = setup();
    put(1);
    claim(2);
    claim(3);
    poller.stored(aRecord({ seq: 2, eventId: 'e-2', id: 'e-2' }));
    poller.stored(aRecord({ seq: 3, eventId: 'e-3', id: 'e-3' }));
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 2, 3]);
    expect(feedLog.slot.mock.calls.map(([seq]) => seq)).toEqual([1, 4]);
    expect(repository.findByEventId.mock.calls.map(([id]) => id)).toEqual(['e-1']);
    expect(docs.size).toBe(1);
  });

  it('reads back local stores it no longer keeps, and never streams one twice', async () => {
    const { poller, seen, poll, put } = setup();
    for (let seq = 1; seq <= 1001; seq++) {
      put(seq);
      poller.stored(aRecord({ seq, eventId: `e-${seq}`, id: `e-${seq}` }));
    }
    await poll();
    await poll();
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
  });

  it('after a local store looks only as far as what was stored here, until a tick is due', async () => {
    const { poller, seen, poll, put, claim, feedLog } = setup();
    put(1);
    await poll();
    claim(2);
    poller.stored(aRecord({ seq: 2, eventId: 'e-2', id: 'e-2' }));
    put(3); // stored by another instance
    await poll(false);
    expect(seen).toEqual([1, 2]);
    expect(feedLog.slot.mock.calls.map(([seq]) => seq)).toEqual([1, 2]);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('leaves a gap before a local store to the tick, then hands both on in order', async () => {
    const { poller, seen, poll, put, claim, feedLog } = setup();
    await poll();
    put(1); // another instance, or a local store still running
    claim(2);
    poller.stored(aRecord({ seq: 2, eventId: 'e-2', id: 'e-2' }));
    const reads = feedLog.slot.mock.calls.length;
    await poll(false);
    expect(seen).toEqual([]);
    expect(feedLog.slot.mock.calls.length).toBe(reads);
    await poll();
    await poller.beforeApplicationShutdown();
    expect(seen).toEqual([1, 2]);
  });
});

describe(`${FeedPoller.name} pace`, () => {
  it('reads the log every 5 s while no stream is open here, every STREAM_POLL_MS once one is', async () => {
    jest.useFakeTimers();
    try {
      const feedLog = { head: jest.fn(async () => 0), slot: jest.fn(async () => undefined) };
      const poller = new FeedPoller(
        feedLog as unknown as FeedLogRepository,
        { findByEventId: jest.fn() } as unknown as NotificationRepository,
        { ...config, STREAM_POLL_MS: 200 } as AppConfig,
        logger,
      );
      await poller.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(feedLog.slot).toHaveBeenCalledTimes(2); // idle: at 5 s and 10 s
      const stop = poller.subscribe(() => undefined);
      await jest.advanceTimersByTimeAsync(1000);
      expect(feedLog.slot).toHaveBeenCalledTimes(7); // a stream: every 200 ms
      stop();
      await jest.advanceTimersByTimeAsync(1000);
      expect(feedLog.slot.mock.calls.length).toBeLessThanOrEqual(8); // back to the idle pace
      await poller.beforeApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });
});
