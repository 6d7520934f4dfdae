import mongoose from 'mongoose';

const mongoUrl = () => process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017';

/** A direct connection to a scratch database, to look at documents and drop it afterwards. */
export const openDatabase = (dbName: string) =>
  mongoose.createConnection(mongoUrl(), { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
