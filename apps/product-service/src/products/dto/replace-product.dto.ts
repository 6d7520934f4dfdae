import { createZodDto } from 'nestjs-zod';
import { createProductSchema } from './create-product.dto';

/** A full replacement; `sku` may be repeated but not changed (inventory and orders key on it). */
export const replaceProductSchema = createProductSchema.extend({
  sku: createProductSchema.shape.sku.optional(),
});

export class ReplaceProductDto extends createZodDto(replaceProductSchema) {}
