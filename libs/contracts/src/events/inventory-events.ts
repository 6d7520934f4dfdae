import { z } from 'zod';

export const InventoryEventType = {
  StockChanged: 'inventory.stock-changed',
  LowStock: 'inventory.low-stock',
  OutOfStock: 'inventory.out-of-stock',
} as const;

export const stockChangedDataSchema = z.object({
  sku: z.string(),
  available: z.number().int(),
  reserved: z.number().int(),
  delta: z.number().int(),
  reason: z.string(),
});
export const stockLevelDataSchema = z.object({
  sku: z.string(),
  available: z.number().int(),
  threshold: z.number().int(),
});
export type StockChangedData = z.infer<typeof stockChangedDataSchema>;
export type StockLevelData = z.infer<typeof stockLevelDataSchema>;
