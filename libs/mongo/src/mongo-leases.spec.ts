import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import { LeaseDocument, leaseSchema } from './lease.schema';
import { MongoLeases } from './mongo-leases';

/** An in-memory collection with the unique index on `key`, as the lease schema declares it. */
function fakeModel() {
  const rows: LeaseDocument[] = [];
  const duplicate = () => Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
  const model = {
    create: jest.fn(async (row: LeaseDocument) => {
      if (rows.some((r) => r.key === row.key)) throw duplicate();
      rows.push(row);
    }),
    findOne: jest.fn(({ key }: { key: string }) => ({
      lean: async () => rows.find((r) => r.key === key) ?? null,
    })),
    deleteOne: jest.fn(async ({ _id }: { _id: Types.ObjectId }) => {
      const i = rows.findIndex((r) => r._id.equals(_id));
      if (i >= 0) rows.splice(i, 1);
    }),
  };
  return { rows, model, leases: new MongoLeases(model as unknown as Model<LeaseDocument>) };
}

describe(MongoLeases.name, () => {
  it('grants a free key and refuses it while the lease lives', async () => {
    const { leases } = fakeModel();
    const lease = await leases.tryAcquire('k', 10_000);
    expect(lease?.key).toBe('k');
    expect(await leases.tryAcquire('k', 10_000)).toBeUndefined();
    await leases.release(lease!);
    expect(await leases.tryAcquire('k', 10_000)).toBeDefined();
  });

  it("takes over an expired lease by deleting exactly that lease's _id", async () => {
    const { rows, model, leases } = fakeModel();
    const dead = new Types.ObjectId();
    rows.push({ _id: dead, key: 'k', until: new Date(Date.now() - 1) });
    const lease = await leases.tryAcquire('k', 10_000);
    expect(lease).toBeDefined();
    expect(model.deleteOne).toHaveBeenCalledWith({ _id: dead });
    expect(rows.map((r) => r._id)).toEqual([lease!.token]);
  });

  it('does not release a newer lease with an old token', async () => {
    const { rows, leases } = fakeModel();
    const old = await leases.tryAcquire('k', 10_000);
    rows[0].until = new Date(Date.now() - 1); // the holder died; somebody takes over
    const newer = await leases.tryAcquire('k', 10_000);
    await leases.release(old!);
    expect(rows.map((r) => r._id)).toEqual([newer!.token]);
  });

  it('rethrows what is not a duplicate key', async () => {
    const { model, leases } = fakeModel();
    model.create.mockRejectedValueOnce(new Error('server down'));
    await expect(leases.tryAcquire('k', 1000)).rejects.toThrow('server down');
  });

  it('waits for a held lease no longer than asked', async () => {
    const { leases } = fakeModel();
    await leases.tryAcquire('k', 10_000);
    const started = Date.now();
    expect(await leases.acquire('k', 10_000, 50)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('leaseSchema', () => {
  it("keeps the template's unique key and options in the named collection", () => {
    const schema = leaseSchema('product_locks');
    expect(schema.get('collection')).toBe('product_locks');
    expect(schema.get('versionKey')).toBe(false);
    expect(schema.indexes()).toEqual([[{ key: 1 }, expect.objectContaining({ unique: true })]]);
    expect(leaseSchema('other').get('collection')).toBe('other');
  });
});
