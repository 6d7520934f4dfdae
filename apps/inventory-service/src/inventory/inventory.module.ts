import { Module } from '@nestjs/common';
import { InventoryController } from './controllers/inventory.controller';
import { ReservationsController } from './controllers/reservations.controller';
import { InventoryRepository } from './repositories/inventory.repository';
import { DemoSeedService } from './services/demo-seed.service';
import { ProductEventsConsumer } from './services/product-events.consumer';
import { ReservationSweeperService } from './services/reservation-sweeper.service';
import { ReservationService } from './services/reservation.service';
import { StockLedgerService } from './services/stock-ledger.service';
import { StockService } from './services/stock.service';

@Module({
  controllers: [InventoryController, ReservationsController],
  providers: [
    InventoryRepository,
    StockLedgerService,
    StockService,
    ReservationService,
    ReservationSweeperService,
    DemoSeedService,
    ProductEventsConsumer,
  ],
})
export class InventoryModule {}
