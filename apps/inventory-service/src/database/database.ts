import { createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config';
import { INVENTORY_ENTITIES } from './entities';
import { INVENTORY_MIGRATIONS } from './migrations';

const MIGRATION_LOCK = 'mstore_inventory_migrations';

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'mysql',
    url: `${config.MYSQL_URL.replace(/\/$/, '')}/${config.MYSQL_DATABASE}`,
    entities: INVENTORY_ENTITIES,
    migrations: INVENTORY_MIGRATIONS,
    // run below, under a named lock, so instances starting together do not race
    migrationsRun: false,
    synchronize: false,
    timezone: 'Z',
    extra: { connectionLimit: config.MYSQL_POOL_SIZE },
  };
}

/** A fresh environment (a scratch test database) starts without its database: create it. */
export async function ensureDatabase(config: AppConfig): Promise<void> {
  const connection = await createConnection({ uri: config.MYSQL_URL });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.MYSQL_DATABASE.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

/** Pending migrations, run by one instance at a time (GET_LOCK is held by a dedicated connection). */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
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
}

/** Database created if missing, connected, migrated: what the app module hands to TypeORM. */
export async function openDatabase(
  config: AppConfig,
  options: DataSourceOptions,
): Promise<DataSource> {
  await ensureDatabase(config);
  const dataSource = await new DataSource(options).initialize();
  await runMigrationsExclusively(dataSource);
  return dataSource;
}
