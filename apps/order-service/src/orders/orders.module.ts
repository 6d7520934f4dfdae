import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@mstore/platform';
import { CART_CONTROLLERS, CART_PROVIDERS } from '../cart/cart.providers';
import { CatalogClient } from './clients/catalog.client';
import { InventoryClient } from './clients/inventory.client';
import { OrdersController } from './controllers/orders.controller';
import { IdempotencyKeyRepository } from './repositories/idempotency-key.repository';
import { OrderRepository } from './repositories/order.repository';
import { IdempotencyService } from './services/idempotency.service';
import { OrderChangeService } from './services/order-change.service';
import { OrderQueryService } from './services/order-query.service';
import { PlaceOrderService } from './services/place-order.service';
import { ReservationLifecycle } from './services/reservation-lifecycle.service';
import { ReservationReconciler } from './services/reservation-reconciler.service';
import { ORDERS_SETTINGS, ordersSettings } from './orders.settings';

@Module({
  controllers: [OrdersController, ...CART_CONTROLLERS],
  providers: [
    { provide: ORDERS_SETTINGS, inject: [APP_CONFIG], useFactory: ordersSettings },
    CatalogClient,
    InventoryClient,
    OrderRepository,
    IdempotencyKeyRepository,
    IdempotencyService,
    PlaceOrderService,
    OrderQueryService,
    OrderChangeService,
    ReservationLifecycle,
    ReservationReconciler,
    ...CART_PROVIDERS,
  ],
})
export class OrdersModule {}
