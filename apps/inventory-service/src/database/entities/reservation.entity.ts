import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'EXPIRED';

/** One order's hold on stock; the order id is the idempotency key. */
@Entity({ name: 'reservation' })
@Index('idx_reservation_sweep', ['status', 'expiresAt'])
export class ReservationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, collation: 'utf8mb4_bin' })
  orderId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ReservationStatus;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
