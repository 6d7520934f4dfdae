import type { Producer } from 'kafkajs';
import pino from 'pino';
import { OutboxMessage, OutboxRelay, OutboxStore } from './outbox-relay';

class MemoryStore implements OutboxStore {
  pending: OutboxMessage[] = [];
  sent: OutboxMessage[] = [];
  async withBatch(limit: number, publish: (b: OutboxMessage[]) => Promise<void>) {
    const batch = this.pending.slice(0, limit);
    if (batch.length === 0) return 0;
    await publish(batch);
    this.pending = this.pending.slice(batch.length);
    this.sent.push(...batch);
    return batch.length;
  }
}

const fakeProducer = (sendBatch: jest.Mock) =>
  ({
    connect: jest.fn(),
    disconnect: jest.fn().mockResolvedValue(undefined),
    sendBatch,
  }) as unknown as Producer;
const message = (n: number): OutboxMessage => ({
  id: `e${n}`,
  topic: n % 2 ? 'a' : 'b',
  key: 'k',
  value: `${n}`,
});
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe(OutboxRelay.name, () => {
  const logger = pino({ level: 'silent' });

  it('publishes pending messages grouped by topic and marks them sent', async () => {
    const store = new MemoryStore();
    store.pending = [message(1), message(2), message(3)];
    const sendBatch = jest.fn().mockResolvedValue([]);
    const relay = new OutboxRelay(store, fakeProducer(sendBatch), logger, { idleMs: 10 });
    relay.start();
    await until(() => store.sent.length === 3);
    await relay.stop();
    expect(store.sent.map((m) => m.id)).toEqual(['e1', 'e2', 'e3']);
    expect(sendBatch.mock.calls[0][0].topicMessages).toEqual([
      {
        topic: 'a',
        messages: [
          { key: 'k', value: '1' },
          { key: 'k', value: '3' },
        ],
      },
      { topic: 'b', messages: [{ key: 'k', value: '2' }] },
    ]);
  });

  it('keeps messages pending while Kafka fails and delivers them once it is back', async () => {
    const store = new MemoryStore();
    store.pending = [message(1)];
    const sendBatch = jest
      .fn()
      .mockRejectedValueOnce(new Error('broker down'))
      .mockResolvedValue([]);
    const relay = new OutboxRelay(store, fakeProducer(sendBatch), logger, {
      idleMs: 10,
      maxBackoffMs: 20,
    });
    relay.start();
    await until(() => store.sent.length === 1);
    await relay.stop();
    expect(sendBatch).toHaveBeenCalledTimes(2);
    expect(store.pending).toEqual([]);
  });
});

describe(`${OutboxRelay.name} nudges`, () => {
  const logger = pino({ level: 'silent' });
  const setup = () => {
    const store = new MemoryStore();
    const passes = jest.spyOn(store, 'withBatch');
    const sendBatch = jest.fn().mockResolvedValue([]);
    const relay = new OutboxRelay(store, fakeProducer(sendBatch), logger, {
      idleMs: 60_000,
      lingerMs: 20,
    });
    return { store, passes, relay };
  };

  it('lets a burst of writes share one pass, and later nudges never postpone it', async () => {
    // the relay's own clock: how busy the machine is cannot spread the burst over several passes
    jest.useFakeTimers();
    try {
      const { store, passes, relay } = setup();
      relay.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(passes).toHaveBeenCalledTimes(1); // the first, empty pass
      for (let n = 1; n <= 5; n++) {
        store.pending.push(message(n));
        relay.nudge();
        await jest.advanceTimersByTimeAsync(3);
      }
      // 15 ms after the first nudge: the pass still lingers
      expect(store.sent).toHaveLength(0);
      expect(passes).toHaveBeenCalledTimes(1);
      // 20 ms (lingerMs) after the first nudge, not after the last one: one pass takes all five
      await jest.advanceTimersByTimeAsync(5);
      expect(store.sent.map((m) => m.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
      expect(passes).toHaveBeenCalledTimes(2);
      await relay.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('looks once more soon when a nudged pass found nothing (another instance held the lease)', async () => {
    jest.useFakeTimers();
    try {
      const { store, passes, relay } = setup();
      relay.start();
      await jest.advanceTimersByTimeAsync(0);
      // the write's pass meets the other instance's lease: nothing read; its row is committed after
      passes.mockImplementationOnce(async () => {
        store.pending.push(message(1));
        return 0;
      });
      relay.nudge();
      await jest.advanceTimersByTimeAsync(20);
      expect(passes).toHaveBeenCalledTimes(2);
      expect(store.sent).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(50); // not the 60 s idle poll
      expect(store.sent.map((m) => m.id)).toEqual(['e1']);
      // then the usual look after a partial batch, and no more retries: the idle poll's turn
      await jest.advanceTimersByTimeAsync(10_000);
      expect(passes).toHaveBeenCalledTimes(4);
      await relay.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not leave a write nudged during a pass to the idle poll', async () => {
    const { store, passes, relay } = setup();
    let release!: () => void;
    // the first pass read the table (empty) and is still finishing when the write lands
    passes.mockImplementationOnce(async () => {
      await new Promise<void>((r) => (release = r));
      return 0;
    });
    relay.start();
    await until(() => release !== undefined);
    store.pending.push(message(1)); // committed after the running pass read the table
    relay.nudge();
    release();
    await until(() => store.sent.length === 1);
    await relay.stop();
    expect(store.sent.map((m) => m.id)).toEqual(['e1']);
  });
});
