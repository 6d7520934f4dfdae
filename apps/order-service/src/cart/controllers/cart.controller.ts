import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { ApiProblems, INVALID } from '@mstore/http';
import type { FastifyReply } from 'fastify';
import { OrderDto, OrderView } from '../../orders/dto/order.dto';
import { toOrderView } from '../../orders/services/order.mapper';
import { MAX_CART_LINES, MAX_CART_QUANTITY } from '../cart.limits';
import { CartDto, CartView } from '../dto/cart.dto';
import { CartSkuParamDto } from '../dto/cart-sku-param.dto';
import { MergeCartDto } from '../dto/merge-cart.dto';
import { SetCartItemDto } from '../dto/set-cart-item.dto';
import { CartCheckoutService } from '../services/cart-checkout.service';
import { CartService } from '../services/cart.service';

const UNAVAILABLE: [number, string] = [503, 'The catalog is unavailable; retry after Retry-After'];
const LIMITS: [number, string] = [
  422,
  `Unknown product (\`unknownSkus\`), more than ${MAX_CART_LINES} lines or ${MAX_CART_QUANTITY} of one product; \`errors\` names the field`,
];

/** The signed-in customer's cart (one per token subject); DESIGN §4. */
@ApiTags('cart')
@ApiBearerAuth()
@Roles(Role.Customer)
@Controller('api/cart')
export class CartController {
  constructor(
    private readonly carts: CartService,
    private readonly checkouts: CartCheckoutService,
  ) {}

  @Get()
  @ApiResponse({ status: 200, type: CartDto })
  @ApiProblems(UNAVAILABLE)
  get(@CurrentUser() user: Principal): Promise<CartView> {
    return this.carts.view(user.sub);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The cart is empty.' })
  async clear(@CurrentUser() user: Principal): Promise<void> {
    await this.carts.clear(user.sub);
  }

  @Put('items/:sku')
  @ApiResponse({ status: 200, type: CartDto, description: 'The cart after the change.' })
  @ApiProblems(INVALID, LIMITS, UNAVAILABLE)
  setItem(
    @CurrentUser() user: Principal,
    @Param() params: CartSkuParamDto,
    @Body() body: SetCartItemDto,
  ): Promise<CartView> {
    return this.carts.setQuantity(user.sub, params.sku, body.quantity);
  }

  @Post('merge')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: CartDto, description: 'The cart after the merge.' })
  @ApiProblems(INVALID, LIMITS, UNAVAILABLE)
  merge(@CurrentUser() user: Principal, @Body() body: MergeCartDto): Promise<CartView> {
    return this.carts.merge(user.sub, body.lines);
  }

  @Post('checkout')
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Required: a retry with the same key gets the same order (kept 24 h).',
  })
  @ApiResponse({ status: 201, type: OrderDto, description: 'The order; the cart is empty.' })
  @ApiProblems(
    [400, 'Idempotency-Key missing or invalid'],
    [409, 'Out of stock (`shortages` lists each sku), or this key is still being processed'],
    [422, 'Empty cart, unknown products, mixed currencies, or this key was used for another order'],
    [502, 'A dependency answered something unexpected'],
    [503, 'A dependency is unavailable; nothing was ordered, the cart is unchanged'],
  )
  async checkout(
    @CurrentUser() user: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderView> {
    const { order, replayed } = await this.checkouts.checkout(user, key);
    reply
      .header('location', `/api/orders/${order.id}`)
      .header('idempotent-replayed', String(replayed));
    return toOrderView(order);
  }
}
