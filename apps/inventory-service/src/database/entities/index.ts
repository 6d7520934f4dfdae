import { OUTBOX_ENTITIES } from '@mstore/messaging';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { StockMovementEntity } from './stock-movement.entity';
import { StockEntity } from './stock.entity';

export * from './reservation-line.entity';
export * from './reservation.entity';
export * from './stock-movement.entity';
export * from './stock.entity';

export const INVENTORY_ENTITIES = [
  ...OUTBOX_ENTITIES,
  StockEntity,
  ReservationEntity,
  ReservationLineEntity,
  StockMovementEntity,
];
