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
export const productFacetsSchema = z.object({
  categories: z
    .array(z.object({ slug: z.string(), count: z.number().int() }))
    .describe('Live products per category, for every filter but `category`.'),
  price: z
    .object({ min: z.number().int().nullable(), max: z.number().int().nullable() })
    .describe('Price range for every filter but minPrice/maxPrice; null when nothing matches.'),
});

export const productPageSchema = pageOf(productSchema).extend({
  facets: productFacetsSchema.optional().describe('With `facets=true` only.'),
});
export class ProductPageDto extends createZodDto(productPageSchema) {}

export const categorySchema = z.object({
  slug: z.string(),
  name: z.string(),
  count: z.number().int().describe('Live (not deleted) products.'),
});
export class CategoryDto extends createZodDto(categorySchema) {}
