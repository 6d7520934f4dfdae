import type { OrderStatus } from '@mstore/contracts';
import { Column, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './columns';
import { OrderLineEntity } from './order-line.entity';

/** Where the order's stock reservation stands in inventory-service. */
export const ReservationState = {
  /** Reserved; the commit has not been confirmed yet (the reconciler retries it). */
  Reserved: 'RESERVED',
  Committed: 'COMMITTED',
  /** Order cancelled; the release has not been confirmed yet (the reconciler retries it). */
  ReleasePending: 'RELEASE_PENDING',
  Released: 'RELEASED',
  /** Inventory refused the commit (reservation expired or unknown): needs an operator. */
  Failed: 'FAILED',
} as const;
export type ReservationState = (typeof ReservationState)[keyof typeof ReservationState];

@Entity({ name: 'orders' })
@Index('idx_orders_customer_created', ['customerId', 'createdAt'])
@Index('idx_orders_status_created', ['status', 'createdAt'])
@Index('idx_orders_created', ['createdAt'])
@Index('idx_orders_reservation', ['reservation'])
export class OrderEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 20, unique: true })
  orderNumber!: string;

  @Column({ type: 'varchar', length: 64 })
  customerId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderStatus;

  @Column({ type: 'bigint', transformer: bigintNumber })
  total!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 16 })
  reservation!: ReservationState;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @OneToMany(() => OrderLineEntity, (line) => line.order, { cascade: ['insert'] })
  lines!: OrderLineEntity[];
}
