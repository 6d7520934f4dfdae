import { MAX_PAGE_SIZE, pageQuerySchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { categoryField, skuField } from './product-fields';

const priceBound = z.coerce.number().int().min(0);

export const listProductsQuerySchema = z
  .strictObject({
    ...pageQuerySchema.shape,
    category: categoryField.optional(),
    q: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('Case-insensitive text in name or description.'),
    minPrice: priceBound.optional(),
    maxPrice: priceBound.optional(),
    sort: z.enum(['price', '-price', 'name', '-createdAt']).default('-createdAt'),
    /** `?sku=A&sku=B` (a single `?sku=A` arrives as a string). */
    sku: z
      .preprocess(
        (v) => (typeof v === 'string' ? [v] : v),
        z.array(skuField).min(1).max(MAX_PAGE_SIZE),
      )
      .optional()
      .describe('Only these skus; repeat the parameter for several.'),
    facets: z
      .enum(['true', 'false'])
      .optional()
      .describe(
        'true adds `facets`: live products per category for every filter but `category`, and the price range for every filter but `minPrice`/`maxPrice`.',
      ),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    path: ['maxPrice'],
    message: 'maxPrice must not be below minPrice',
  });

export class ListProductsQueryDto extends createZodDto(listProductsQuerySchema) {}
