import mongoose from 'mongoose';
import { scratchDatabase } from '../scratch-names';

describe('MongoDB round trip (mongoose against the MongoDB-compatible server)', () => {
  const dbName = scratchDatabase('smoke');
  let connection: mongoose.Connection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017', {
        dbName,
        serverSelectionTimeoutMS: 10_000,
      })
      .asPromise();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('inserts, finds and enforces a unique index', async () => {
    const Item = connection.model(
      'Item',
      new mongoose.Schema({ sku: { type: String, unique: true }, price: Number }),
    );
    await Item.init();
    await Item.create({ sku: 'MUG-1', price: 1299 });
    expect((await Item.findOne({ sku: 'MUG-1' }).lean())?.price).toBe(1299);
    await expect(Item.create({ sku: 'MUG-1', price: 1 })).rejects.toMatchObject({ code: 11000 });
  });

  // FerretDB v1.24's SQLite backend scanned the whole table for every `_id` lookup, update and
  // delete until infra/ferretdb/patches made its query match the `_id` index
  it('looks a document up by `_id` through the `_id` index', async () => {
    const docs = connection.collection<{ _id: string; n: number }>('by_id');
    await docs.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `doc-${n}`, n })));
    const explained = await docs.find({ _id: 'doc-7' }).explain();
    const plan = JSON.stringify(explained['queryPlanner']);
    // FerretDB reports SQLite's plan; MongoDB an _id fast path or an index scan
    expect(plan).toMatch(/USING INDEX \S*__id_|IDHACK|EXPRESS_|IXSCAN/);
    expect(plan).not.toMatch(/SCAN by_id|COLLSCAN/);
    expect(await docs.findOne({ _id: 'doc-7' })).toEqual({ _id: 'doc-7', n: 7 });
  });
});
