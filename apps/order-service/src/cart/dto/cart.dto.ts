import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const stockHintSchema = z
  .object({
    status: z.enum(['in-stock', 'low', 'sold-out']),
    available: z.number().int(),
  })
  .describe(
    '`low`: few left (or fewer than this line wants) — "only N left"; null when inventory cannot be asked now.',
  );

export const cartLineSchema = z.object({
  sku: z.string(),
  name: z.string().describe("The catalog's current name."),
  quantity: z.number().int(),
  unitPrice: z.number().int().describe("The catalog's current price, minor units."),
  lineTotal: z.number().int(),
  currency: z.string(),
  priceWhenAdded: z.number().int(),
  priceChanged: z.boolean().describe('The price changed since the line was added.'),
  sellable: z
    .boolean()
    .describe('False for a product withdrawn from the catalog: left out of the total.'),
  stock: stockHintSchema.nullable(),
});
export type CartLineView = z.infer<typeof cartLineSchema>;

/** The caller's cart as the public API shows it (DESIGN §4). */
export const cartSchema = z.object({
  lines: z.array(cartLineSchema).describe('In the order they were added.'),
  itemCount: z.number().int().describe('Units over all lines.'),
  total: z.number().int().describe('Sellable lines at current prices, minor units.'),
  currency: z.string(),
});
export type CartView = z.infer<typeof cartSchema>;
export class CartDto extends createZodDto(cartSchema) {}
