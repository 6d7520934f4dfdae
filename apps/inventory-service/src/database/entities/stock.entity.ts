import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Stock of one sku: `available` can be reserved, `reserved` is held for open orders. */
@Entity({ name: 'stock' })
export class StockEntity {
  /** ascii_bin so the database orders skus like JS does: locks are taken in one order everywhere. */
  @PrimaryColumn({ type: 'varchar', length: 64, charset: 'ascii', collation: 'ascii_bin' })
  sku!: string;

  @Column({ type: 'int', default: 0 })
  available!: number;

  @Column({ type: 'int', default: 0 })
  reserved!: number;

  /** Overrides LOW_STOCK_THRESHOLD for this sku when set. */
  @Column({ type: 'int', nullable: true })
  lowStockThreshold!: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
