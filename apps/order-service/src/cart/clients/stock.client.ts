import { Injectable } from '@nestjs/common';
import { ServiceName } from '@mstore/contracts';
import { ServiceClient } from '@mstore/resilience';
import { z } from 'zod';

const levelsSchema = z.array(
  z.object({ sku: z.string(), available: z.number().int(), known: z.boolean().optional() }),
);

/** inventory-service's public stock levels, for the cart's hints (through the same breaker). */
@Injectable()
export class StockClient {
  constructor(private readonly client: ServiceClient) {}

  /** Units available per sku; a sku inventory does not know has 0. */
  async levels(skus: readonly string[]): Promise<Map<string, number>> {
    const query = skus.map((s) => `sku=${encodeURIComponent(s)}`).join('&');
    const { body } = await this.client.call<unknown>(ServiceName.Inventory, {
      method: 'GET',
      path: `/api/inventory?${query}`,
      idempotent: true,
    });
    return new Map(
      levelsSchema.parse(body).map((l) => [l.sku, l.known === false ? 0 : l.available]),
    );
  }
}
