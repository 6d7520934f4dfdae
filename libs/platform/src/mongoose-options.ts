import type { MongooseModuleOptions } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

/** The root connection options every MongoDB-backed service uses. */
export const mongooseRootOptions = (database: string): MongooseModuleOptions => ({
  dbName: database,
  serverSelectionTimeoutMS: 5000,
  // every query reads `new Error().stack` otherwise: source-mapped, a tenth of our CPU
  connectionFactory: (connection: Connection) => (
    connection.base.set('skipOriginalStackTraces', true),
    connection
  ),
});
