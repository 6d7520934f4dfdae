import type { QueryRunner } from 'typeorm';

/** DDL of @mstore/messaging's MySQL outbox (OutboxEntity, OutboxRelayLockEntity), for each service's migration. */
export async function createOutboxTables(q: QueryRunner): Promise<void> {
  // IF NOT EXISTS: a database migrated before the migration lock existed keeps working
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
    UNIQUE KEY uq_outbox_event_id (eventId),
    KEY idx_outbox_pending (publishedAt, seq)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await q.query(`CREATE TABLE IF NOT EXISTS outbox_relay_lock (
    id INT NOT NULL AUTO_INCREMENT,
    PRIMARY KEY (id)
  ) ENGINE=InnoDB`);
}

export async function dropOutboxTables(q: QueryRunner): Promise<void> {
  await q.query('DROP TABLE IF EXISTS outbox_relay_lock');
  await q.query('DROP TABLE IF EXISTS outbox');
}

/** The outbox rows' W3C trace context (nullable: rows written before it, or outside a trace). */
export async function addOutboxTraceContext(q: QueryRunner): Promise<void> {
  await q.query(`ALTER TABLE outbox
    ADD COLUMN traceparent VARCHAR(55) NULL,
    ADD COLUMN tracestate VARCHAR(512) NULL`);
}

export async function dropOutboxTraceContext(q: QueryRunner): Promise<void> {
  await q.query('ALTER TABLE outbox DROP COLUMN tracestate, DROP COLUMN traceparent');
}
