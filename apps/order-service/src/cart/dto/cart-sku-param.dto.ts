import { skuSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const cartSkuParamSchema = z.strictObject({ sku: skuSchema });
export class CartSkuParamDto extends createZodDto(cartSkuParamSchema) {}
