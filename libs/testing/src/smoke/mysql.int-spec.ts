import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { createConnection } from 'mysql2/promise';
import { mysqlUrl } from '../mysql';
import { scratchDatabase } from '../scratch-names';

@Entity({ name: 'smoke_item' })
class SmokeItem {
  @PrimaryGeneratedColumn()
  id!: number;
  @Column({ type: 'varchar', length: 50 })
  name!: string;
  @Column({ type: 'int' })
  priceMinor!: number;
}

describe('MySQL round trip (typeorm + mysql2)', () => {
  const database = scratchDatabase('smoke');
  let dataSource: DataSource;

  beforeAll(async () => {
    const admin = await createConnection(mysqlUrl());
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.end();
    dataSource = new DataSource({
      type: 'mysql',
      url: `${mysqlUrl()}/${database}`,
      entities: [SmokeItem],
      synchronize: true, // a throwaway schema in a scratch database
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.query(`DROP DATABASE \`${database}\``);
    await dataSource?.destroy();
  });

  it('writes and reads back a row in a transaction', async () => {
    const saved = await dataSource.transaction((m) =>
      m.save(SmokeItem, { name: 'mug', priceMinor: 1299 }),
    );
    const found = await dataSource.getRepository(SmokeItem).findOneByOrFail({ id: saved.id });
    expect(found).toMatchObject({ name: 'mug', priceMinor: 1299 });
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        await m.save(SmokeItem, { name: 'ghost', priceMinor: 1 });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await dataSource.getRepository(SmokeItem).countBy({ name: 'ghost' })).toBe(0);
  });
});
