import type { MongooseModuleOptions } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

/** The root connection options every MongoDB-backed service uses. */
export const mongooseRootOptions = (database: string): MongooseModuleOptions => ({
  dbName: database,
  // a database that is down fails a request within seconds (a 503), never holds it forever;
  // the driver reconnects by itself when the server is back
  serverSelectionTimeoutMS: 3000,
  connectTimeoutMS: 3000,
  // every query reads `new Error().stack` otherwise: source-mapped, a tenth of our CPU
  connectionFactory: (connection: Connection) => (
    connection.base.set('skipOriginalStackTraces', true),
    // commands issued while disconnected wait this long for the connection, then fail
    connection.base.set('bufferTimeoutMS', 3000),
    connection
  ),
});
