import { MigrationInterface, QueryRunner } from 'typeorm';

/** Skus whose product was deleted (from product-events): reported retired, never in stock. */
export class CreateRetiredSku1764000000002 implements MigrationInterface {
  name = 'CreateRetiredSku1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE retired_sku (
        sku VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        productId VARCHAR(64) NOT NULL,
        retiredAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (sku)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE retired_sku');
  }
}
