import { pageOf } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const productSchema = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  price: z.number().int().describe('Minor units (cents).'),
  currency: z.string(),
  imageUrl: z.string().optional(),
  version: z.number().int().describe('Also the ETag; send it back in If-Match.'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProductView = z.infer<typeof productSchema>;

export class ProductDto extends createZodDto(productSchema) {}
export class ProductPageDto extends createZodDto(pageOf(productSchema)) {}
