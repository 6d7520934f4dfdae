import { OUTBOX_ENTITIES } from '@mstore/messaging';
import { MysqlDatabaseSettings, mysqlDataSourceOptions, openMysqlDatabase } from '@mstore/mysql';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config';
import { ORDER_ENTITIES } from '../orders/entities';
import { ORDER_MIGRATIONS } from '../orders/migrations';

const settingsOf = (config: AppConfig): MysqlDatabaseSettings => ({
  serverUrl: config.MYSQL_URL,
  database: config.MYSQL_DATABASE,
  poolSize: config.MYSQL_POOL_SIZE,
  migrationLock: 'mstore_orders_migrations',
});

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return mysqlDataSourceOptions(settingsOf(config), {
    entities: [...OUTBOX_ENTITIES, ...ORDER_ENTITIES],
    migrations: ORDER_MIGRATIONS,
  });
}

/** Creates the database if missing (a scratch test database), connects and migrates under a lock. */
export function openDatabase(config: AppConfig, options: DataSourceOptions): Promise<DataSource> {
  return openMysqlDatabase(settingsOf(config), options);
}
