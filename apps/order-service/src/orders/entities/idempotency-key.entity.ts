import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const IdempotencyState = { Pending: 'PENDING', Done: 'DONE' } as const;
export type IdempotencyState = (typeof IdempotencyState)[keyof typeof IdempotencyState];

/**
 * One row per (customer, Idempotency-Key), inserted before any work: the primary key makes a
 * concurrent duplicate fail its insert and wait for the first request's order.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idx_idempotency_expires', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  customerId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  idemKey!: string;

  /** sha256 of the normalized body: the same key with another body is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'char', length: 36 })
  orderId!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: IdempotencyState;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;
}
