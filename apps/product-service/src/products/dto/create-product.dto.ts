import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  categoryField,
  currencyField,
  descriptionField,
  imageUrlField,
  nameField,
  priceField,
  skuField,
} from './product-fields';

export const createProductSchema = z.strictObject({
  sku: skuField,
  name: nameField,
  description: descriptionField,
  category: categoryField,
  price: priceField,
  currency: currencyField,
  imageUrl: imageUrlField.optional(),
});

export class CreateProductDto extends createZodDto(createProductSchema) {}
