import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'reservation_line' })
export class ReservationLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, collation: 'utf8mb4_bin' })
  orderId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64, charset: 'ascii', collation: 'ascii_bin' })
  sku!: string;

  @Column({ type: 'int' })
  quantity!: number;
}
