import { MAX_LINE_QUANTITY } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { MAX_CART_QUANTITY } from '../cart.limits';

/** `PUT /api/cart/items/{sku}`: the line's new quantity; 0 removes it. */
export const setCartItemSchema = z.strictObject({
  quantity: z
    .number()
    .int()
    .min(0)
    .max(MAX_LINE_QUANTITY)
    .describe(`0 removes the line; more than ${MAX_CART_QUANTITY} is a 422 naming quantity.`),
});
export class SetCartItemDto extends createZodDto(setCartItemSchema) {}
