import { z } from 'zod';

export const MAX_LINE_QUANTITY = 10_000;
export const skuSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -');

export const reservationLineSchema = z.object({
  sku: skuSchema,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});

/** Internal: order-service reserves stock under its order id; idempotent on orderId. */
export const reserveRequestSchema = z.strictObject({
  orderId: z.string().min(1).max(64),
  lines: z.array(reservationLineSchema).min(1).max(50),
});
export type ReserveRequest = z.infer<typeof reserveRequestSchema>;

export const reservationStatusSchema = z.enum(['RESERVED', 'COMMITTED', 'RELEASED', 'EXPIRED']);
export const reservationResultSchema = z.object({
  orderId: z.string(),
  status: reservationStatusSchema,
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  expiresAt: z.string(),
});
export type ReservationResult = z.infer<typeof reservationResultSchema>;

/** 409 body extension listing each short sku. */
export interface ShortSku {
  sku: string;
  requested: number;
  available: number;
}
