import { pageQuerySchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { categoryField } from './product-fields';

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
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    path: ['maxPrice'],
    message: 'maxPrice must not be below minPrice',
  });

export class ListProductsQueryDto extends createZodDto(listProductsQuerySchema) {}
