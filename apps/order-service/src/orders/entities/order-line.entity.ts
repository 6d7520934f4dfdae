import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './columns';
import type { OrderEntity } from './order.entity';

/** A line keeps the name and price the catalog gave at placing time. */
@Entity({ name: 'order_lines' })
@Index('uq_order_lines_order_line', ['orderId', 'lineNo'], { unique: true })
export class OrderLineEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'char', length: 36 })
  orderId!: string;

  @Column({ type: 'smallint' })
  lineNo!: number;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  unitPrice!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  lineTotal!: number;

  @ManyToOne('OrderEntity', 'lines', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'orderId' })
  order?: OrderEntity;
}
