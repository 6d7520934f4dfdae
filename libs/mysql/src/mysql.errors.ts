interface MysqlErrorShape {
  code?: unknown;
  message?: unknown;
  driverError?: { code?: unknown; message?: unknown } | null;
}

/**
 * Whether `error` is a unique key violation (mysql2's ER_DUP_ENTRY, errno 1062), on the key named
 * `key` when given: the server names it in the message ("Duplicate entry 'x' for key 'uq_…'").
 * Reads TypeORM's QueryFailedError, which copies the driver's code, and the driver's error itself.
 */
export function isMysqlDuplicateKey(error: unknown, key?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as MysqlErrorShape;
  if ((e.code ?? e.driverError?.code) !== 'ER_DUP_ENTRY') return false;
  if (key === undefined) return true;
  const message = typeof e.message === 'string' ? e.message : e.driverError?.message;
  return typeof message === 'string' && message.includes(key);
}
