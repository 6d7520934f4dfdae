import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { ApiProblems, INVALID } from '@mstore/http';
import type { FastifyReply } from 'fastify';
import { ChangeStatusDto } from '../dto/change-status.dto';
import { ListOrdersQueryDto } from '../dto/list-orders.query.dto';
import { OrderDto, OrderPageDto, OrderView } from '../dto/order.dto';
import { PlaceOrderDto } from '../dto/place-order.dto';
import { OrderChangeService } from '../services/order-change.service';
import { OrderQueryService } from '../services/order-query.service';
import { PlaceOrderService } from '../services/place-order.service';
import { toOrderView } from '../services/order.mapper';

const NOT_FOUND: [number, string] = [404, 'No such order of yours'];
const NOT_NOW: [number, string] = [409, "Not allowed from the order's current status"];

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly placing: PlaceOrderService,
    private readonly queries: OrderQueryService,
    private readonly changes: OrderChangeService,
  ) {}

  @Post()
  @Roles(Role.Customer)
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body: same order (kept 24 h).',
  })
  @ApiResponse({ status: 201, type: OrderDto })
  @ApiProblems(
    [400, 'Invalid order or Idempotency-Key; `errors` names each field'],
    [409, 'Out of stock (`shortages` lists each sku), or this key is still being processed'],
    [422, 'Unknown products, mixed currencies, or this key was used for another order'],
    [502, 'A dependency answered something unexpected'],
  )
  async place(
    @CurrentUser() user: Principal,
    @Body() body: PlaceOrderDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderView> {
    const { order, replayed } = await this.placing.place(user, body.lines, key);
    reply
      .header('location', `/api/orders/${order.id}`)
      .header('idempotent-replayed', String(replayed));
    return toOrderView(order);
  }

  @Get()
  @Roles(Role.Customer, Role.Admin)
  @ApiResponse({ status: 200, type: OrderPageDto })
  @ApiProblems(INVALID)
  list(@CurrentUser() user: Principal, @Query() query: ListOrdersQueryDto) {
    return this.queries.list(user, query);
  }

  @Get(':id')
  @Roles(Role.Customer, Role.Admin)
  @ApiResponse({ status: 200, type: OrderDto })
  @ApiProblems(NOT_FOUND)
  get(@CurrentUser() user: Principal, @Param('id') id: string): Promise<OrderView> {
    return this.queries.get(user, id);
  }

  @Post(':id/cancel')
  @Roles(Role.Customer, Role.Admin)
  @HttpCode(200)
  @ApiResponse({ status: 200, type: OrderDto })
  @ApiProblems(NOT_FOUND, NOT_NOW)
  cancel(@CurrentUser() user: Principal, @Param('id') id: string): Promise<OrderView> {
    return this.changes.cancel(user, id);
  }

  @Patch(':id/status')
  @Roles(Role.Admin)
  @ApiResponse({ status: 200, type: OrderDto })
  @ApiProblems(INVALID, NOT_FOUND, NOT_NOW)
  changeStatus(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @Body() body: ChangeStatusDto,
  ): Promise<OrderView> {
    return this.changes.changeStatus(user, id, body.status);
  }
}
