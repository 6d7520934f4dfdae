import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { StockMovementEntity } from './stock-movement.entity';
import { StockEntity } from './stock.entity';

export * from './reservation-line.entity';
export * from './reservation.entity';
export * from './stock-movement.entity';
export * from './stock.entity';

/** The outbox's tables are the kernel's (PlatformModule's `outbox`). */
export const INVENTORY_ENTITIES = [
  StockEntity,
  ReservationEntity,
  ReservationLineEntity,
  StockMovementEntity,
];
