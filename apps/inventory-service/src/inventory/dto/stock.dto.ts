import { MAX_PAGE_SIZE, pageOf, skuSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const MAX_STOCK = 1_000_000;
const quantity = z.number().int().min(0).max(MAX_STOCK);

/** `?sku=A&sku=B` (a single `?sku=A` arrives as a string). */
export const stockQuerySchema = z.strictObject({
  sku: z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v),
    z.array(skuSchema).min(1).max(MAX_PAGE_SIZE),
  ),
});
export class StockQueryDto extends createZodDto(stockQuerySchema) {}

export const skuParamSchema = z.strictObject({ sku: skuSchema });
export class SkuParamDto extends createZodDto(skuParamSchema) {}

export const setStockSchema = z.strictObject({
  available: quantity,
  /** Per-sku low-stock threshold; null falls back to LOW_STOCK_THRESHOLD. */
  lowStockThreshold: quantity.nullable().optional(),
});
export class SetStockDto extends createZodDto(setStockSchema) {}

export const adjustStockSchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-MAX_STOCK)
    .max(MAX_STOCK)
    .refine((d) => d !== 0, 'must not be 0'),
  reason: z.string().trim().min(1).max(200),
});
export class AdjustStockDto extends createZodDto(adjustStockSchema) {}

export const stockLevelSchema = z.object({
  sku: z.string(),
  available: z.number().int(),
  inStock: z.boolean(),
  known: z.boolean(),
  retired: z
    .literal(true)
    .optional()
    .describe('Present only when its product was deleted: never in stock, not orderable.'),
});
export class StockLevelDto extends createZodDto(stockLevelSchema) {}

export const stockDetailSchema = stockLevelSchema.extend({
  reserved: z.number().int(),
  lowStockThreshold: z.number().int().nullable(),
});
export class StockDetailDto extends createZodDto(stockDetailSchema) {}

export const movementSchema = z.object({
  id: z.string(),
  sku: z.string(),
  kind: z.string(),
  availableDelta: z.number().int(),
  reservedDelta: z.number().int(),
  availableAfter: z.number().int(),
  reservedAfter: z.number().int(),
  reason: z.string(),
  actor: z.string(),
  orderId: z.string().nullable(),
  createdAt: z.string(),
});
export class MovementPageDto extends createZodDto(pageOf(movementSchema)) {}
