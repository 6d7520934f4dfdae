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
});
