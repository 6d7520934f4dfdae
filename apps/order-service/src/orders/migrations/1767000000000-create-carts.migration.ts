import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One cart per customer (the token's subject) and its lines. The cart row is what concurrent
 * changes of one cart lock (so the line limit holds); a line keeps the price it was added at.
 */
export class CreateCarts1767000000000 implements MigrationInterface {
  name = 'CreateCarts1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS carts (
      customerId VARCHAR(64) NOT NULL,
      createdAt DATETIME(3) NOT NULL,
      updatedAt DATETIME(3) NOT NULL,
      PRIMARY KEY (customerId)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE IF NOT EXISTS cart_lines (
      customerId VARCHAR(64) NOT NULL,
      sku VARCHAR(64) NOT NULL,
      quantity INT NOT NULL,
      addedPrice BIGINT NOT NULL,
      addedCurrency CHAR(3) NOT NULL,
      addedAt DATETIME(3) NOT NULL,
      updatedAt DATETIME(3) NOT NULL,
      PRIMARY KEY (customerId, sku),
      CONSTRAINT fk_cart_lines_cart FOREIGN KEY (customerId) REFERENCES carts (customerId) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['cart_lines', 'carts']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
