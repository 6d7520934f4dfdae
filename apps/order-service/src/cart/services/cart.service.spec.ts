import { LOW_STOCK_HINT } from '../cart.limits';
import { stockHint } from './cart.service';

describe('stockHint', () => {
  it('is sold out at zero (or below, never shown negative)', () => {
    expect(stockHint(0, 1)).toEqual({ status: 'sold-out', available: 0 });
    expect(stockHint(-2, 1)).toEqual({ status: 'sold-out', available: 0 });
  });

  it('is low with few left, or fewer than the line wants', () => {
    expect(stockHint(LOW_STOCK_HINT, 1)).toEqual({ status: 'low', available: LOW_STOCK_HINT });
    expect(stockHint(20, 30)).toEqual({ status: 'low', available: 20 });
  });

  it('is in stock otherwise', () => {
    expect(stockHint(LOW_STOCK_HINT + 1, 1)).toEqual({
      status: 'in-stock',
      available: LOW_STOCK_HINT + 1,
    });
    expect(stockHint(30, 30)).toEqual({ status: 'in-stock', available: 30 });
  });
});
