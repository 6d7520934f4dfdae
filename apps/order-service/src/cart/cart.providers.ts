import { StockClient } from './clients/stock.client';
import { CartController } from './controllers/cart.controller';
import { CartRepository } from './repositories/cart.repository';
import { CartCheckoutService } from './services/cart-checkout.service';
import { CartService } from './services/cart.service';

/**
 * The cart feature, registered inside OrdersModule: checkout shares that module's one
 * PlaceOrderService (and its outbox relay and reconciler) rather than a second copy.
 */
export const CART_CONTROLLERS = [CartController];
export const CART_PROVIDERS = [CartRepository, StockClient, CartService, CartCheckoutService];
