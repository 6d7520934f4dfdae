import { MAX_LINE_QUANTITY, skuSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const MAX_ORDER_LINES = 50;

/** Only skus and quantities: names and prices come from the catalog, so a sent price is a 400. */
export const placeOrderSchema = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          sku: skuSchema,
          quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
        }),
      )
      .min(1)
      .max(MAX_ORDER_LINES),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.lines.forEach((line, i) => {
      if (seen.has(line.sku))
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'sku'], message: 'sku repeated' });
      seen.add(line.sku);
    });
  });
export class PlaceOrderDto extends createZodDto(placeOrderSchema) {}
export type PlaceOrderLine = PlaceOrderDto['lines'][number];
