/** Small helpers for the inventory integration suites: HTTP calls and direct reads of the scratch database. */
import { dropDatabase, mysqlUrl, queryDatabase as query } from '@mstore/testing';

export { dropDatabase, mysqlUrl, query };

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body }: { token?: string; body?: unknown } = {},
): Promise<Reply<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
  };
}

export interface MovementTotals {
  availableDelta: number;
  reservedDelta: number;
  byKind: Record<string, number>;
}

/** Sums the audit log of one sku: its deltas must equal the stock row. */
export async function movementTotals(database: string, sku: string): Promise<MovementTotals> {
  const rows = await query<{ kind: string; n: number; a: string; r: string }>(
    database,
    `SELECT kind, COUNT(*) AS n, SUM(availableDelta) AS a, SUM(reservedDelta) AS r
     FROM stock_movement WHERE sku = ? GROUP BY kind`,
    [sku],
  );
  return {
    availableDelta: rows.reduce((sum, r) => sum + Number(r.a), 0),
    reservedDelta: rows.reduce((sum, r) => sum + Number(r.r), 0),
    byKind: Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)])),
  };
}

export async function stockRow(
  database: string,
  sku: string,
): Promise<{ available: number; reserved: number } | undefined> {
  const [row] = await query<{ available: number; reserved: number }>(
    database,
    'SELECT available, reserved FROM stock WHERE sku = ?',
    [sku],
  );
  return row;
}
