import { createConnection } from 'mysql2/promise';

/** The server the suites use (local stack default), without a database. */
export const mysqlUrl = () => process.env['MYSQL_URL'] ?? 'mysql://mstore:mstore@127.0.0.1:3306';

/** Runs one statement against a database with its own short-lived connection. */
export async function queryDatabase<T = Record<string, unknown>>(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const connection = await createConnection({ uri: `${mysqlUrl()}/${database}` });
  try {
    const [rows] = await connection.query(sql, params);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(database: string): Promise<void> {
  const connection = await createConnection({ uri: mysqlUrl() });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}
