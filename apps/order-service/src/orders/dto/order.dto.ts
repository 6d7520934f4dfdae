import { orderStatusSchema, pageOf } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** An order as the public API shows it (DESIGN §4). */
export const orderSchema = z.object({
  id: z.string(),
  orderNumber: z.string(),
  customerId: z.string(),
  status: orderStatusSchema,
  lines: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
      lineTotal: z.number().int(),
    }),
  ),
  total: z.number().int(),
  currency: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export class OrderDto extends createZodDto(orderSchema) {}
export type OrderView = z.infer<typeof orderSchema>;

export class OrderPageDto extends createZodDto(pageOf(orderSchema)) {}
