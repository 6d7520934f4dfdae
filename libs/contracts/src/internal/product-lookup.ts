import { z } from 'zod';

/** Internal: order-service asks the catalog for names and prices of skus. */
export const productLookupRequestSchema = z.object({
  skus: z.array(z.string().min(1)).min(1).max(100),
});
export const productLookupItemSchema = z.object({
  sku: z.string(),
  known: z.boolean(),
  sellable: z.boolean(),
  name: z.string().optional(),
  price: z.number().int().optional(),
  currency: z.string().optional(),
});
export const productLookupResponseSchema = z.object({ items: z.array(productLookupItemSchema) });
export type ProductLookupItem = z.infer<typeof productLookupItemSchema>;
export type ProductLookupResponse = z.infer<typeof productLookupResponseSchema>;
