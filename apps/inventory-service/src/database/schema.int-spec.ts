import { OUTBOX_ENTITIES, OutboxEntity, OutboxRelayLockEntity } from '@mstore/messaging';
import {
  MysqlDatabaseSettings,
  mysqlDataSourceOptions,
  openMysqlDatabase,
  readTableShape,
  tableShape,
} from '@mstore/mysql';
import { dropDatabase, mysqlUrl, scratchDatabase } from '@mstore/testing';
import type { DataSource } from 'typeorm';
import { INVENTORY_TABLES } from './inventory-tables';
import { INVENTORY_MIGRATIONS } from './migrations';

// the repositories' SQL and row types read inventory-tables.ts; the migrations must build exactly that
describe('inventory schema', () => {
  const settings: MysqlDatabaseSettings = {
    serverUrl: mysqlUrl(),
    database: scratchDatabase('inventory_schema'),
    // two: the migration lock holds one connection while the migrations run on another
    poolSize: 2,
    migrationLock: `lock_${Date.now()}`,
  };
  let dataSource: DataSource;

  beforeAll(async () => {
    const options = mysqlDataSourceOptions(settings, {
      entities: OUTBOX_ENTITIES,
      migrations: INVENTORY_MIGRATIONS,
    });
    dataSource = await openMysqlDatabase(settings, options);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(settings.database);
  });

  it('has a description for every table the migrations create', async () => {
    const rows: Record<string, string>[] = await dataSource.query('SHOW TABLES');
    const kernel = ['migrations', 'outbox', 'outbox_relay_lock'];
    expect(rows.map((r) => Object.values(r)[0]).sort()).toEqual(
      [...INVENTORY_TABLES.map((t) => t.name), ...kernel].sort(),
    );
  });

  it.each(INVENTORY_TABLES.map((t) => [t.name, t] as const))(
    '%s matches its description column by column',
    async (name, table) => {
      expect(await readTableShape(dataSource, settings.database, name)).toEqual(tableShape(table));
    },
  );

  it.each([OutboxEntity, OutboxRelayLockEntity].map((e) => [e.name, e] as const))(
    "%s's columns are the outbox table's",
    async (_name, entity) => {
      const metadata = dataSource.getMetadata(entity);
      const live = await readTableShape(dataSource, settings.database, metadata.tableName);
      expect(live.columns.map((c) => [c.name, c.nullable])).toEqual(
        metadata.columns.map((c) => [c.databaseName, c.isNullable]),
      );
      expect(live.primaryKey).toEqual(metadata.primaryColumns.map((c) => c.databaseName));
    },
  );
});
