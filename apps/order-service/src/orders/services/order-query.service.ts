import { Injectable } from '@nestjs/common';
import { canAccess, ownerScope, Principal } from '@mstore/auth';
import { OrderStatus, Page } from '@mstore/contracts';
import type { OrderView } from '../dto/order.dto';
import { OrderError } from '../order.errors';
import { OrderRepository } from '../repositories/order.repository';
import { toOrderView } from './order.mapper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads: customers see their own orders only; admins see all. */
@Injectable()
export class OrderQueryService {
  constructor(private readonly orders: OrderRepository) {}

  /** Another customer's order is a 404, not a 403: its existence is not disclosed. */
  async get(user: Principal, id: string): Promise<OrderView> {
    const order = UUID.test(id) ? await this.orders.findById(id) : null;
    if (!order || !canAccess(user, order.customerId)) throw OrderError.notFound(id);
    return toOrderView(order);
  }

  async list(
    user: Principal,
    query: { page: number; pageSize: number; status?: OrderStatus },
  ): Promise<Page<OrderView>> {
    const { items, total } = await this.orders.page({
      ...query,
      customerId: ownerScope(user),
    });
    return { items: items.map(toOrderView), page: query.page, pageSize: query.pageSize, total };
  }
}

export const isOrderId = (id: string) => UUID.test(id);
