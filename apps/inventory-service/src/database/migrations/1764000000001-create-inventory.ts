import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stock, reservations and the audit log. CHECKs make negative stock impossible even for a buggy query. */
export class CreateInventory1764000000001 implements MigrationInterface {
  name = 'CreateInventory1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stock (
        sku VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        available INT NOT NULL DEFAULT 0,
        reserved INT NOT NULL DEFAULT 0,
        lowStockThreshold INT NULL,
        createdAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updatedAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (sku),
        CONSTRAINT chk_stock_available CHECK (available >= 0),
        CONSTRAINT chk_stock_reserved CHECK (reserved >= 0),
        CONSTRAINT chk_stock_threshold CHECK (lowStockThreshold IS NULL OR lowStockThreshold >= 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE reservation (
        orderId VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        status VARCHAR(16) NOT NULL,
        expiresAt DATETIME(3) NOT NULL,
        createdAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updatedAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (orderId),
        KEY idx_reservation_sweep (status, expiresAt),
        CONSTRAINT chk_reservation_status CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'EXPIRED'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE reservation_line (
        orderId VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        sku VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        quantity INT NOT NULL,
        PRIMARY KEY (orderId, sku),
        CONSTRAINT fk_reservation_line_reservation FOREIGN KEY (orderId)
          REFERENCES reservation (orderId) ON DELETE CASCADE,
        CONSTRAINT chk_reservation_line_quantity CHECK (quantity > 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE stock_movement (
        id BIGINT NOT NULL AUTO_INCREMENT,
        sku VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        kind VARCHAR(16) NOT NULL,
        availableDelta INT NOT NULL,
        reservedDelta INT NOT NULL,
        availableAfter INT NOT NULL,
        reservedAfter INT NOT NULL,
        reason VARCHAR(200) NOT NULL,
        actor VARCHAR(100) NOT NULL,
        orderId VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
        createdAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY idx_stock_movement_sku (sku, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE stock_movement');
    await queryRunner.query('DROP TABLE reservation_line');
    await queryRunner.query('DROP TABLE reservation');
    await queryRunner.query('DROP TABLE stock');
  }
}
