import { createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';

export interface MysqlDatabaseSettings {
  /** Server URL without a database, e.g. mysql://user:pass@host:3306 */
  serverUrl: string;
  database: string;
  poolSize: number;
  /** GET_LOCK name that serialises migrations across instances of one service. */
  migrationLock: string;
}

type TypeormParts = Pick<DataSourceOptions, 'entities' | 'migrations'>;

/** TypeORM options for one service's database; migrations run in openMysqlDatabase, never on their own. */
export function mysqlDataSourceOptions(
  settings: MysqlDatabaseSettings,
  parts: TypeormParts,
): DataSourceOptions {
  return {
    type: 'mysql',
    url: `${settings.serverUrl.replace(/\/$/, '')}/${settings.database}`,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsRun: false,
    synchronize: false,
    timezone: 'Z',
    // a server that is down fails a query within seconds (a 503 at the edge): a connection must
    // be made within connectTimeout, and waiting callers are bounded by the pool's queue; the
    // pool opens fresh connections by itself once the server is back
    extra: {
      connectionLimit: settings.poolSize,
      connectTimeout: 3000,
      queueLimit: 1000,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
      maxIdle: settings.poolSize,
      idleTimeout: 60_000,
    },
  };
}

/** A fresh environment (a scratch test database) starts without its database: create it. */
export async function ensureDatabase(settings: MysqlDatabaseSettings): Promise<void> {
  const connection = await createConnection({ uri: settings.serverUrl });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${settings.database.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

/** Pending migrations, run by one instance at a time (GET_LOCK is held by a dedicated connection). */
export async function runMigrationsExclusively(
  dataSource: DataSource,
  migrationLock: string,
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ got }] = await runner.query('SELECT GET_LOCK(?, 120) AS got', [migrationLock]);
    if (Number(got) !== 1) throw new Error('timed out waiting for the migration lock');
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [migrationLock]);
    }
  } finally {
    await runner.release();
  }
}

/** Database created if missing, connected, migrated: what an app module hands to TypeORM. */
export async function openMysqlDatabase(
  settings: MysqlDatabaseSettings,
  options: DataSourceOptions,
): Promise<DataSource> {
  await ensureDatabase(settings);
  const dataSource = await new DataSource(options).initialize();
  try {
    await runMigrationsExclusively(dataSource, settings.migrationLock);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
