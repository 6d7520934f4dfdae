import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and relay lease tables of @mstore/messaging (OutboxEntity, OutboxRelayLockEntity). */
export class CreateOutbox1764000000000 implements MigrationInterface {
  name = 'CreateOutbox1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        seq BIGINT NOT NULL AUTO_INCREMENT,
        eventId CHAR(36) NOT NULL,
        topic VARCHAR(100) NOT NULL,
        messageKey VARCHAR(100) NOT NULL,
        type VARCHAR(100) NOT NULL,
        payload LONGTEXT NOT NULL,
        createdAt DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        publishedAt DATETIME(3) NULL,
        PRIMARY KEY (seq),
        UNIQUE KEY uq_outbox_event_id (eventId),
        KEY idx_outbox_pending (publishedAt, seq)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE outbox_relay_lock (
        id INT NOT NULL AUTO_INCREMENT,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox_relay_lock');
    await queryRunner.query('DROP TABLE outbox');
  }
}
