import { adjustStockSchema, setStockSchema, stockQuerySchema } from './stock.dto';

describe('stock dtos', () => {
  it('accepts one sku or several', () => {
    expect(stockQuerySchema.parse({ sku: 'A' }).sku).toEqual(['A']);
    expect(stockQuerySchema.parse({ sku: ['A', 'B'] }).sku).toEqual(['A', 'B']);
    expect(stockQuerySchema.safeParse({}).success).toBe(false);
  });

  it('keeps quantities integral and within 0..1,000,000', () => {
    for (const available of [-1, 1.5, 1_000_001]) {
      expect(setStockSchema.safeParse({ available }).success).toBe(false);
    }
    expect(setStockSchema.parse({ available: 1_000_000, lowStockThreshold: null })).toEqual({
      available: 1_000_000,
      lowStockThreshold: null,
    });
  });

  it('needs a non-zero delta and a reason', () => {
    expect(adjustStockSchema.safeParse({ delta: 0, reason: 'x' }).success).toBe(false);
    expect(adjustStockSchema.safeParse({ delta: 1, reason: '  ' }).success).toBe(false);
    expect(adjustStockSchema.parse({ delta: -2, reason: ' lost ' })).toEqual({
      delta: -2,
      reason: 'lost',
    });
  });
});
