/** The kinds of database a service talks to; each names its own in a 503 when it is down. */
export type DatabaseKind = 'mysql' | 'mongodb';

/** What each database is called in a 503 ("the orders database is unavailable"). */
export type DatabaseNames = Partial<Record<DatabaseKind, string>>;

/** Seconds a client is told to wait before retrying while a database is down. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket-level failures: the server is gone, refusing, or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** mysql2/MariaDB codes of a lost or refused connection (not of a bad statement). */
const MYSQL_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'POOL_CLOSED',
]);
/** MongoDB driver and mongoose errors of an unreachable server. */
const MONGO_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoWaitQueueTimeoutError',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  fatal?: unknown;
  sqlMessage?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/**
 * Which database a thrown value says is unavailable, or undefined when it is about something
 * else. Looks through TypeORM's `driverError` and `cause` chains: mysql2 marks a lost connection
 * `fatal`, mongoose names its selection and network errors, and its buffered commands time out.
 */
export function unavailableDatabase(error: unknown, depth = 0): DatabaseKind | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const e = error as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (MONGO_NAMES.has(name)) return 'mongodb';
  if (name === 'MongooseError' && /buffering timed out|before initial connection/.test(message))
    return 'mongodb';
  if (MYSQL_CODES.has(code)) return 'mysql';
  if (SOCKET_CODES.has(code) && (e.fatal === true || name === 'QueryFailedError')) return 'mysql';
  if (name === 'QueryFailedError' && /Pool is closed|connection is in closed state/i.test(message))
    return 'mysql';
  return unavailableDatabase(e.driverError, depth + 1) ?? unavailableDatabase(e.cause, depth + 1);
}
