import { DynamicModule, Module } from '@nestjs/common';
import { MysqlOutboxLag } from '@mstore/observability';
import { APP_CONFIG, AppConfig } from '../config';
import { InventoryController } from './controllers/inventory.controller';
import { ReservationsController } from './controllers/reservations.controller';
import { InventoryRepository } from './repositories/inventory.repository';
import { DemoSeedService } from './services/demo-seed.service';
import { OutboxRelayService } from './services/outbox-relay.service';
import { ProductEventsConsumer } from './services/product-events.consumer';
import { ReservationSweeperService } from './services/reservation-sweeper.service';
import { ReservationService } from './services/reservation.service';
import { StockLedgerService } from './services/stock-ledger.service';
import { StockService } from './services/stock.service';

@Module({})
export class InventoryModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: InventoryModule,
      controllers: [InventoryController, ReservationsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        InventoryRepository,
        StockLedgerService,
        StockService,
        ReservationService,
        ReservationSweeperService,
        OutboxRelayService,
        MysqlOutboxLag,
        DemoSeedService,
        ProductEventsConsumer,
      ],
    };
  }
}
