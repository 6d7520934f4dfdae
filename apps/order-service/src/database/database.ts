import { OUTBOX_ENTITIES } from '@mstore/messaging';
import { createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config';
import { ORDER_ENTITIES } from '../orders/entities';
import { ORDER_MIGRATIONS } from '../orders/migrations';

const MIGRATION_LOCK = 'mstore_orders_migrations';

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'mysql',
    url: `${config.MYSQL_URL.replace(/\/$/, '')}/${config.MYSQL_DATABASE}`,
    entities: [...OUTBOX_ENTITIES, ...ORDER_ENTITIES],
    migrations: ORDER_MIGRATIONS,
    // run in openDatabase, under a named lock, so instances starting together do not race
    migrationsRun: false,
    synchronize: false,
    timezone: 'Z',
    extra: { connectionLimit: config.MYSQL_POOL_SIZE },
  };
}

/** Creates the database if missing (a scratch test database), connects and migrates. */
export async function openDatabase(
  config: AppConfig,
  options: DataSourceOptions,
): Promise<DataSource> {
  const admin = await createConnection({ uri: config.MYSQL_URL });
  try {
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.MYSQL_DATABASE.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
  const dataSource = await new DataSource(options).initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ got }] = await runner.query('SELECT GET_LOCK(?, 120) AS got', [MIGRATION_LOCK]);
    if (Number(got) !== 1) throw new Error('timed out waiting for the migration lock');
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
  return dataSource;
}
