import mongoose, { Connection } from 'mongoose';
import { scratchDatabase } from '@mstore/testing';
import { leaseSchema } from './lease.schema';
import { MongoLeases } from './mongo-leases';

// the unique index is what makes leases exclusive, so it is tested on the real server (FerretDB)
describe(MongoLeases.name, () => {
  let connection: Connection;
  let leases: MongoLeases;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017', {
        dbName: scratchDatabase('lib_mongo'),
        serverSelectionTimeoutMS: 10_000,
      })
      .asPromise();
    leases = new MongoLeases(connection.model('Lease', leaseSchema('leases')));
    await leases.init();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('grants a key to exactly one of many concurrent callers', async () => {
    const got = await Promise.all([...Array(8)].map(() => leases.tryAcquire('relay', 10_000)));
    expect(got.filter(Boolean)).toHaveLength(1);
    await leases.release(got.find(Boolean)!);
    expect(await leases.tryAcquire('relay', 10_000)).toBeDefined();
  });
});
