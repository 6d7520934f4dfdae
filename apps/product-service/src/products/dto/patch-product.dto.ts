import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  categoryField,
  currencyField,
  descriptionField,
  imageUrlField,
  nameField,
  priceField,
} from './product-fields';

/** Only the fields sent change; `imageUrl: null` removes the image. */
export const patchProductSchema = z
  .strictObject({
    name: nameField.optional(),
    description: descriptionField.optional(),
    category: categoryField.optional(),
    price: priceField.optional(),
    currency: currencyField.optional(),
    imageUrl: imageUrlField.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field' });

export class PatchProductDto extends createZodDto(patchProductSchema) {}
