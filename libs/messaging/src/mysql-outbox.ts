import { createEvent, NewEvent } from '@mstore/contracts';
import { Column, DataSource, Entity, EntityManager, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxMessage, OutboxStore } from './outbox-relay';
import { captureTraceContext } from './trace-context';

/** Outbox row written in the same MySQL transaction as the state change it announces. */
@Entity({ name: 'outbox' })
@Index('idx_outbox_pending', ['publishedAt', 'seq']) // relay: oldest unpublished first
export class OutboxEntity {
  /** Insertion order = publish order, so one aggregate's events stay in order. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'char', length: 36, unique: true })
  eventId!: string;

  @Column({ type: 'varchar', length: 100 })
  topic!: string;

  @Column({ type: 'varchar', length: 100 })
  messageKey!: string;

  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @Column({ type: 'longtext' })
  payload!: string;

  @Column({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  /** W3C trace context of the writing request: the relay publishes in that trace. */
  @Column({ type: 'varchar', length: 55, nullable: true })
  traceparent!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  tracestate!: string | null;
}

/** Lease row: the relay that holds its lock is the only one publishing. */
@Entity({ name: 'outbox_relay_lock' })
export class OutboxRelayLockEntity {
  @PrimaryGeneratedColumn()
  id!: number;
}

/** Adds an event inside the caller's transaction; see appendOutboxAll. */
export async function appendOutbox(manager: EntityManager, input: NewEvent): Promise<string> {
  const [id] = await appendOutboxAll(manager, [input]);
  return id;
}

/**
 * Adds events inside the caller's transaction with one insert; they keep their order in the relay.
 * Each event's topic comes from EVENT_CATALOG and its data is checked by its type's schema before
 * anything is written, so a drifted payload throws and the caller's transaction rolls back.
 */
export async function appendOutboxAll(
  manager: EntityManager,
  inputs: readonly NewEvent[],
): Promise<string[]> {
  if (inputs.length === 0) return [];
  // the transaction's own context: the request whose state change these events announce
  const trace = captureTraceContext();
  const rows = inputs.map((input) => {
    const { topic, event } = createEvent(input);
    return {
      eventId: event.id,
      topic,
      messageKey: input.subject,
      type: event.type,
      payload: JSON.stringify(event),
      ...trace,
    };
  });
  // not manager.insert: it reads the generated seq and createdAt back, a round trip per event;
  // one multi-row insert numbers its rows in the order given
  await manager
    .createQueryBuilder()
    .insert()
    .into(OutboxEntity)
    .values(rows)
    .updateEntity(false)
    .execute();
  return rows.map((r) => r.eventId);
}

/** MySQL store: one relay at a time holds the lease row, so batches never overlap and order holds. */
export class MysqlOutboxStore implements OutboxStore {
  /** Set once the lease row is known to exist; it is never deleted. */
  private leaseRow?: Promise<unknown>;

  constructor(private readonly dataSource: DataSource) {}

  async withBatch(
    limit: number,
    publish: (batch: OutboxMessage[]) => Promise<void>,
  ): Promise<number> {
    // autocommitted on its own: inside a batch that rolls back, the row would vanish again
    this.leaseRow ??= this.dataSource
      .query('INSERT IGNORE INTO outbox_relay_lock (id) VALUES (1)')
      .catch((error: unknown) => {
        this.leaseRow = undefined;
        throw error;
      });
    await this.leaseRow;
    return this.dataSource.transaction(async (manager) => {
      const lease = await manager.query(
        'SELECT id FROM outbox_relay_lock WHERE id = 1 FOR UPDATE SKIP LOCKED',
      );
      if (lease.length === 0) return 0; // another instance is relaying
      const rows: {
        seq: string;
        eventId: string;
        topic: string;
        messageKey: string;
        payload: string;
        traceparent: string | null;
        tracestate: string | null;
      }[] = await manager.query(
        'SELECT seq, eventId, topic, messageKey, payload, traceparent, tracestate FROM outbox WHERE publishedAt IS NULL ORDER BY seq LIMIT ?',
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(
        rows.map((r) => ({
          id: r.eventId,
          topic: r.topic,
          key: r.messageKey,
          value: r.payload,
          traceparent: r.traceparent,
          tracestate: r.tracestate,
        })),
      );
      await manager.query('UPDATE outbox SET publishedAt = CURRENT_TIMESTAMP(3) WHERE seq IN (?)', [
        rows.map((r) => r.seq),
      ]);
      return rows.length;
    });
  }
}

export const OUTBOX_ENTITIES = [OutboxEntity, OutboxRelayLockEntity];
