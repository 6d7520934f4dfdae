import { MysqlDatabaseSettings, mysqlDataSourceOptions, openMysqlDatabase } from '@mstore/mysql';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config';
import { INVENTORY_ENTITIES } from './entities';
import { INVENTORY_MIGRATIONS } from './migrations';

const settingsOf = (config: AppConfig): MysqlDatabaseSettings => ({
  serverUrl: config.MYSQL_URL,
  database: config.MYSQL_DATABASE,
  poolSize: config.MYSQL_POOL_SIZE,
  migrationLock: 'mstore_inventory_migrations',
});

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return mysqlDataSourceOptions(settingsOf(config), {
    entities: INVENTORY_ENTITIES,
    migrations: INVENTORY_MIGRATIONS,
  });
}

/** Database created if missing, connected, migrated under a lock: what the app module hands to TypeORM. */
export function openDatabase(config: AppConfig, options: DataSourceOptions): Promise<DataSource> {
  return openMysqlDatabase(settingsOf(config), options);
}
