import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { NotificationRecord } from '../notification.model';
import { NotificationRepository } from '../repositories/notification.repository';
import { aRecord } from '../test-factories';
import { FeedPoller } from './feed-poller.service';
import { NotificationStreamService, parseLastEventId } from './notification-stream.service';

class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  destroyed = false;
  writableLength = 0;
  writeHead = jest.fn();
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
  end() {
    this.destroyed = true;
    this.emit('close');
  }
  get ids() {
    return (
      this.chunks
        .join('')
        .match(/^id: \d+$/gm)
        ?.map((l) => Number(l.slice(4))) ?? []
    );
  }
}

const config = { STREAM_HEARTBEAT_MS: 15_000, STREAM_MAX_AGE_MS: 60_000 } as AppConfig;

const setup = (stored: NotificationRecord[], cursor: number) => {
  let listener: ((batch: NotificationRecord[]) => void) | undefined;
  const poller = {
    cursor,
    subscribe: (l: NonNullable<typeof listener>) => ((listener = l), () => (listener = undefined)),
  };
  const repository = {
    after: jest.fn(async (seq: number, _limit: number, audiences: string[], upTo: number) =>
      stored.filter((n) => n.seq > seq && n.seq <= upTo && audiences.includes(n.audience)),
    ),
  };
  const service = new NotificationStreamService(
    poller as unknown as FeedPoller,
    repository as unknown as NotificationRepository,
    config,
    { warn: jest.fn() } as unknown as Logger,
  );
  return {
    service,
    push: (batch: NotificationRecord[]) => listener?.(batch),
    subscribed: () => listener !== undefined,
  };
};

describe(NotificationStreamService.name, () => {
  const alice = { sub: 'alice', admin: false };
  const admin = { sub: 'root', admin: true };
  const mine = (seq: number) => aRecord({ seq, audience: 'user:alice' });
  const bobs = (seq: number) => aRecord({ seq, audience: 'user:bob' });
  const alert = (seq: number) => aRecord({ seq, audience: 'role:admin' });

  it('accepts only cursors it could have issued', () => {
    expect(parseLastEventId('42')).toBe(42);
    expect(parseLastEventId(' 7 ')).toBe(7);
    expect(parseLastEventId('-1')).toBeUndefined();
    expect(parseLastEventId('abc')).toBeUndefined();
    expect(parseLastEventId(undefined)).toBeUndefined();
  });

  it('forwards only what the reader may see', async () => {
    const { service, push } = setup([], 0);
    const res = new FakeResponse();
    await service.open(alice, undefined, res as unknown as ServerResponse);
    push([mine(1), bobs(2), alert(3), mine(4)]);
    expect(res.ids).toEqual([1, 4]);
    service.onModuleDestroy();
  });

  it('shows admins their own notifications and the stock alerts', async () => {
    const { service, push } = setup([], 0);
    const res = new FakeResponse();
    await service.open(admin, undefined, res as unknown as ServerResponse);
    push([mine(1), alert(2)]);
    expect(res.ids).toEqual([2]);
    service.onModuleDestroy();
  });

  it('replays what was missed after Last-Event-ID, then continues live without repeats', async () => {
    const { service, push } = setup([mine(1), bobs(2), mine(3), mine(5)], 5);
    const res = new FakeResponse();
    await service.open(alice, '1', res as unknown as ServerResponse);
    push([mine(5), mine(6)]);
    expect(res.ids).toEqual([3, 5, 6]);
    service.onModuleDestroy();
  });

  it('follows the poller only while a stream is open here (the idle pace otherwise)', async () => {
    const { service, subscribed } = setup([], 0);
    expect(subscribed()).toBe(false);
    const first = new FakeResponse();
    const second = new FakeResponse();
    await service.open(alice, undefined, first as unknown as ServerResponse);
    await service.open(admin, undefined, second as unknown as ServerResponse);
    expect(subscribed()).toBe(true);
    first.end();
    expect(subscribed()).toBe(true);
    second.end();
    expect([subscribed(), service.following]).toEqual([false, false]);
    const again = new FakeResponse();
    await service.open(alice, undefined, again as unknown as ServerResponse);
    expect(subscribed()).toBe(true);
    service.onModuleDestroy();
    expect(subscribed()).toBe(false);
  });

  it('closes open streams at shutdown', async () => {
    const { service } = setup([], 0);
    const res = new FakeResponse();
    await service.open(alice, undefined, res as unknown as ServerResponse);
    service.beforeApplicationShutdown();
    expect(res.destroyed).toBe(true);
    expect(service.openStreams).toBe(0);
  });
});
