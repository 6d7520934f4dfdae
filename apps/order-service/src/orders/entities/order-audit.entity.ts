import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed which order when; written in the same transaction as the change. */
@Entity({ name: 'order_audit' })
@Index('idx_order_audit_order', ['orderId', 'id'])
export class OrderAuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'char', length: 36 })
  orderId!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus!: string | null;

  @Column({ type: 'varchar', length: 16 })
  toStatus!: string;

  /** Keycloak subject of the user (or `system`). */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
