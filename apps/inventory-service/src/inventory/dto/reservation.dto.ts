import { reserveRequestSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** One line per sku, so the result mirrors the request. */
export const reserveSchema = reserveRequestSchema.refine(
  (r) => new Set(r.lines.map((l) => l.sku)).size === r.lines.length,
  { message: 'each sku may appear in one line only', path: ['lines'] },
);
export class ReserveDto extends createZodDto(reserveSchema) {}

export const orderIdParamSchema = z.strictObject({ orderId: z.string().min(1).max(64) });
export class OrderIdParamDto extends createZodDto(orderIdParamSchema) {}
