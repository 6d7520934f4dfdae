import { dropDatabase, mysqlUrl, scratchDatabase } from '@mstore/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MysqlDatabaseSettings, mysqlDataSourceOptions, openMysqlDatabase } from './mysql-database';
import { createOutboxTables, dropOutboxTables } from './outbox-tables';

class CreateOutbox1000000000000 implements MigrationInterface {
  name = 'CreateOutbox1000000000000';
  up = (q: QueryRunner) => createOutboxTables(q);
  down = (q: QueryRunner) => dropOutboxTables(q);
}

describe(openMysqlDatabase.name, () => {
  const settings: MysqlDatabaseSettings = {
    serverUrl: mysqlUrl(),
    database: scratchDatabase('lib_mysql'),
    poolSize: 2,
    migrationLock: `lock_${Date.now()}`,
  };

  afterAll(() => dropDatabase(settings.database));

  it('creates a missing database and migrates it once when three instances start together', async () => {
    const options = mysqlDataSourceOptions(settings, {
      entities: [],
      migrations: [CreateOutbox1000000000000],
    });
    const opened = await Promise.allSettled(
      [1, 2, 3].map(() => openMysqlDatabase(settings, options)),
    );
    const sources = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    try {
      expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const runs = await sources[0].query('SELECT name FROM migrations');
      expect(runs).toEqual([{ name: 'CreateOutbox1000000000000' }]);
      const tables = await sources[0].query('SHOW TABLES');
      expect(tables.map((t: Record<string, string>) => Object.values(t)[0]).sort()).toEqual([
        'migrations',
        'outbox',
        'outbox_relay_lock',
      ]);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});
