import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { scratchDatabase } from '@mstore/testing';
import { MEASURED_CORE, pin } from './cpu-pinning';
import type { Measured, Runner } from './load';

const INVENTORY_TABLES = ['stock', 'reservation', 'reservation_line', 'stock_movement', 'outbox'];
const ORDER_TABLES = ['orders', 'order_lines', 'order_audit', 'outbox'];

/** Scratch copies of the services' tables (same columns and indexes) for the SQL baselines. */
export async function scratchSchemas(mysqlUrl: string) {
  const conn = await createConnection({ uri: mysqlUrl });
  const inv = scratchDatabase('bench_inv');
  const ord = scratchDatabase('bench_ord');
  for (const [db, source, tables] of [
    [inv, 'inventory', INVENTORY_TABLES],
    [ord, 'orders', ORDER_TABLES],
  ] as const) {
    await conn.query(`CREATE DATABASE ${db}`);
    for (const t of tables) await conn.query(`CREATE TABLE ${db}.${t} LIKE ${source}.${t}`);
  }
  return {
    inv,
    ord,
    async stock(skus: string[], available: number) {
      await conn.query(`DELETE FROM ${inv}.stock`);
      await conn.query(`INSERT INTO ${inv}.stock (sku, available, reserved) VALUES ?`, [
        skus.map((s) => [s, available, 0]),
      ]);
    },
    async drop() {
      await conn.query(`DROP DATABASE IF EXISTS ${inv}`);
      await conn.query(`DROP DATABASE IF EXISTS ${ord}`);
      await conn.end();
    },
  };
}

/** A Runner for the raw-sql worker process, pinned to the measured core. */
export function rawSqlRunner(env: Record<string, string>): Runner {
  return (durationS) =>
    new Promise<Measured>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(__dirname, '..', 'servers', 'raw-sql.ts')],
        {
          env: {
            ...process.env,
            TSX_TSCONFIG_PATH: join(__dirname, '..', 'tsconfig.json'),
            ...env,
            DURATION_S: String(durationS),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      if (child.pid) pin(child.pid, MEASURED_CORE);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => {
        const line = out.split('\n').find((l) => l.startsWith('RESULT '));
        if (code !== 0 || !line)
          return reject(new Error(`raw-sql ${env['MODE']} failed (exit ${code}): ${out}`));
        const r = JSON.parse(line.slice(7)) as Omit<Measured, 'status'> & { errors: number };
        resolve({ ...r, status: { '2xx': r.total, errors: r.errors } });
      });
    });
}
