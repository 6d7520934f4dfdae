import type { Model } from 'mongoose';
import { FeedLogRepository, slotKey } from './feed-log.repository';
import { FeedLogDoc } from './notification.schema';

/** The three model calls the repository makes, over a shared in-memory collection. */
const fakeModel = (docs: Map<string, FeedLogDoc>) => {
  const query = <T>(value: () => T) => ({
    lean: () => ({ exec: async () => value() }),
    exec: async () => value(),
  });
  return {
    create: jest.fn(async (doc: FeedLogDoc) => {
      await new Promise((r) => setImmediate(r));
      if (docs.has(doc._id)) throw Object.assign(new Error('E11000'), { code: 11000 });
      docs.set(doc._id, doc);
      return doc;
    }),
    findById: (id: string) => query(() => docs.get(id) ?? null),
    exists: ({ _id }: { _id: string }) => query(() => (docs.has(_id) ? { _id } : null)),
  } as unknown as Model<FeedLogDoc>;
};

const claimed = (docs: Map<string, FeedLogDoc>, n: number) =>
  docs.set(slotKey(n), { _id: slotKey(n), eventId: `old-${n}`, claimedAt: new Date() });

describe(FeedLogRepository.name, () => {
  it('pads numbers so their keys sort in number order', () => {
    expect(slotKey(9) < slotKey(10)).toBe(true);
  });

  it('finds the head of the gapless log by probing', async () => {
    for (const size of [0, 1, 2, 7, 64, 100]) {
      const docs = new Map<string, FeedLogDoc>();
      for (let n = 1; n <= size; n++) claimed(docs, n);
      await expect(new FeedLogRepository(fakeModel(docs)).head()).resolves.toBe(size);
    }
  });

  it('claims consecutive numbers, one at a time, even when asked concurrently', async () => {
    const docs = new Map<string, FeedLogDoc>();
    const log = new FeedLogRepository(fakeModel(docs));
    const slots = await Promise.all(['a', 'b', 'c', 'd'].map((e) => log.claim(e)));
    expect(slots.map((s) => [s.seq, s.eventId])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect(await log.slot(3)).toMatchObject({ seq: 3, eventId: 'c' });
    expect(await log.slot(5)).toBeUndefined();
  });

  it('two instances never get the same number and leave no hole', async () => {
    const docs = new Map<string, FeedLogDoc>();
    const a = new FeedLogRepository(fakeModel(docs));
    const b = new FeedLogRepository(fakeModel(docs));
    const slots = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(`e-${i}`)),
    );
    const numbers = slots.map((s) => s.seq).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('jumps past numbers another instance claimed meanwhile', async () => {
    const docs = new Map<string, FeedLogDoc>();
    const log = new FeedLogRepository(fakeModel(docs));
    await log.claim('first');
    for (let n = 2; n <= 50; n++) claimed(docs, n);
    await expect(log.claim('late')).resolves.toMatchObject({ seq: 51 });
  });
});
