import { z } from 'zod';

export const ProductEventType = {
  Created: 'product.created',
  Updated: 'product.updated',
  Deleted: 'product.deleted',
} as const;

export const productEventDataSchema = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  price: z.number().int(),
  currency: z.string(),
  version: z.number().int(),
});
export type ProductEventData = z.infer<typeof productEventDataSchema>;
