import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders, their lines, the audit trail and idempotency keys. */
export class CreateOrders1736900001000 implements MigrationInterface {
  name = 'CreateOrders1736900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS orders (
      id CHAR(36) NOT NULL,
      orderNumber VARCHAR(20) NOT NULL,
      customerId VARCHAR(64) NOT NULL,
      status VARCHAR(16) NOT NULL,
      total BIGINT NOT NULL,
      currency CHAR(3) NOT NULL,
      reservation VARCHAR(16) NOT NULL,
      createdAt DATETIME(3) NOT NULL,
      updatedAt DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_orders_number (orderNumber),
      KEY idx_orders_customer_created (customerId, createdAt),
      KEY idx_orders_status_created (status, createdAt),
      KEY idx_orders_created (createdAt),
      KEY idx_orders_reservation (reservation)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE IF NOT EXISTS order_lines (
      id BIGINT NOT NULL AUTO_INCREMENT,
      orderId CHAR(36) NOT NULL,
      lineNo SMALLINT NOT NULL,
      sku VARCHAR(64) NOT NULL,
      name VARCHAR(200) NOT NULL,
      quantity INT NOT NULL,
      unitPrice BIGINT NOT NULL,
      lineTotal BIGINT NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_order_lines_order_line (orderId, lineNo),
      CONSTRAINT fk_order_lines_order FOREIGN KEY (orderId) REFERENCES orders (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE IF NOT EXISTS order_audit (
      id BIGINT NOT NULL AUTO_INCREMENT,
      orderId CHAR(36) NOT NULL,
      action VARCHAR(32) NOT NULL,
      fromStatus VARCHAR(16) NULL,
      toStatus VARCHAR(16) NOT NULL,
      actor VARCHAR(64) NOT NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY idx_order_audit_order (orderId, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      customerId VARCHAR(64) NOT NULL,
      idemKey VARCHAR(255) NOT NULL,
      requestHash CHAR(64) NOT NULL,
      orderId CHAR(36) NOT NULL,
      state VARCHAR(16) NOT NULL,
      createdAt DATETIME(3) NOT NULL,
      expiresAt DATETIME(3) NOT NULL,
      PRIMARY KEY (customerId, idemKey),
      KEY idx_idempotency_expires (expiresAt)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'order_audit', 'order_lines', 'orders'])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
