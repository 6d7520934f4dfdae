import { MAX_LINE_QUANTITY, MAX_PAGE_SIZE, skuSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { MAX_CART_LINES, MAX_CART_QUANTITY } from '../cart.limits';

/** `POST /api/cart/merge`: a guest cart kept in the browser, merged at sign-in. */
export const mergeCartSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        sku: skuSchema,
        quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
      }),
    )
    .max(MAX_PAGE_SIZE)
    .describe(
      `Quantities add to the cart's (a sku repeated adds up too), each capped at ${MAX_CART_QUANTITY}; more than ${MAX_CART_LINES} lines in the result is a 422.`,
    ),
});
export class MergeCartDto extends createZodDto(mergeCartSchema) {}
export type MergeLine = MergeCartDto['lines'][number];
