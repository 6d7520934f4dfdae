import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MovementKind =
  'SEED' | 'SET' | 'ADJUST' | 'RESERVE' | 'COMMIT' | 'RELEASE' | 'RETURN' | 'EXPIRE';

/** Append-only audit of every stock change: who, what, why, when. Deltas sum to the current stock. */
@Entity({ name: 'stock_movement' })
@Index('idx_stock_movement_sku', ['sku', 'id'])
export class StockMovementEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 64, charset: 'ascii', collation: 'ascii_bin' })
  sku!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: MovementKind;

  @Column({ type: 'int' })
  availableDelta!: number;

  @Column({ type: 'int' })
  reservedDelta!: number;

  @Column({ type: 'int' })
  availableAfter!: number;

  @Column({ type: 'int' })
  reservedAfter!: number;

  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  /** Username of the admin or service account, or `system` for the sweeper and the seed. */
  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Column({ type: 'varchar', length: 64, nullable: true, collation: 'utf8mb4_bin' })
  orderId!: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
