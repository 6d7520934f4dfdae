import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables of @mstore/messaging's MySQL outbox (OutboxEntity, OutboxRelayLockEntity). */
export class CreateOutbox1736900000000 implements MigrationInterface {
  name = 'CreateOutbox1736900000000';

  // IF NOT EXISTS: two instances starting together may both run the migration
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS outbox (
      seq BIGINT NOT NULL AUTO_INCREMENT,
      eventId CHAR(36) NOT NULL,
      topic VARCHAR(100) NOT NULL,
      messageKey VARCHAR(100) NOT NULL,
      type VARCHAR(100) NOT NULL,
      payload LONGTEXT NOT NULL,
      createdAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      publishedAt DATETIME(3) NULL,
      PRIMARY KEY (seq),
      UNIQUE KEY uq_outbox_event (eventId),
      KEY idx_outbox_pending (publishedAt, seq)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE IF NOT EXISTS outbox_relay_lock (
      id INT NOT NULL AUTO_INCREMENT,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS outbox_relay_lock');
    await q.query('DROP TABLE IF EXISTS outbox');
  }
}
