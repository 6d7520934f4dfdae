import { Inject, Injectable } from '@nestjs/common';
import { ProductLookupItem } from '@mstore/contracts';
import { APP_LOGGER } from '@mstore/platform';
import type { Logger } from 'pino';
import { CatalogClient } from '../../orders/clients/catalog.client';
import { CartError, CartErrorCode } from '../cart.errors';
import {
  DEFAULT_CURRENCY,
  LOW_STOCK_HINT,
  MAX_CART_LINES,
  MAX_CART_QUANTITY,
} from '../cart.limits';
import { StockClient } from '../clients/stock.client';
import { CartLineView, CartView } from '../dto/cart.dto';
import type { MergeLine } from '../dto/merge-cart.dto';
import { CartLineRow, CartLineWrite, CartRepository } from '../repositories/cart.repository';

type Sellable = Required<Pick<ProductLookupItem, 'price' | 'currency'>> & ProductLookupItem;
const isSellable = (item?: ProductLookupItem): item is Sellable =>
  !!item?.known && item.sellable && item.price !== undefined && !!item.currency;

/**
 * The customer's cart: stored as skus and quantities (with the price each was added at); shown
 * with the catalog's current names and prices and inventory's stock. The catalog is needed to
 * add a line or show the cart (a 503 with Retry-After when it is down); stock hints are not:
 * without inventory a line's `stock` is null.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly carts: CartRepository,
    private readonly catalog: CatalogClient,
    private readonly stock: StockClient,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async view(customerId: string): Promise<CartView> {
    return this.render(await this.carts.lines(customerId));
  }

  async setQuantity(customerId: string, sku: string, quantity: number): Promise<CartView> {
    if (quantity > MAX_CART_QUANTITY)
      throw CartError.fields(
        CartErrorCode.QuantityTooLarge,
        `At most ${MAX_CART_QUANTITY} of one product fit in a cart.`,
        [{ field: 'quantity', message: `must be at most ${MAX_CART_QUANTITY}` }],
      );
    if (quantity === 0) {
      await this.carts.change(customerId, () => [
        { sku, quantity: 0, price: { price: 0, currency: DEFAULT_CURRENCY } },
      ]);
      return this.view(customerId);
    }
    const prices = await this.sellablePrices([sku], () => 'sku');
    await this.carts.change(customerId, (current) => {
      const isNew = !current.some((l) => l.sku === sku);
      if (isNew && current.length >= MAX_CART_LINES) throw tooManyLines('sku');
      return [{ sku, quantity, price: prices.get(sku) as CartLineWrite['price'] }];
    });
    return this.view(customerId);
  }

  /** A guest cart merged at sign-in: quantities add up, each capped at MAX_CART_QUANTITY. */
  async merge(customerId: string, lines: readonly MergeLine[]): Promise<CartView> {
    if (lines.length === 0) return this.view(customerId);
    const adding = new Map<string, number>();
    for (const l of lines) adding.set(l.sku, (adding.get(l.sku) ?? 0) + l.quantity);
    const firstIndex = (sku: string) => lines.findIndex((l) => l.sku === sku);
    const prices = await this.sellablePrices([...adding.keys()], (sku) => {
      return `lines.${firstIndex(sku)}.sku`;
    });
    await this.carts.change(customerId, (current) => {
      const have = new Map(current.map((l) => [l.sku, l.quantity]));
      const added = [...adding.keys()].filter((sku) => !have.has(sku));
      if (current.length + added.length > MAX_CART_LINES) throw tooManyLines('lines');
      return [...adding].map(([sku, quantity]) => ({
        sku,
        quantity: Math.min(MAX_CART_QUANTITY, (have.get(sku) ?? 0) + quantity),
        price: prices.get(sku) as CartLineWrite['price'],
      }));
    });
    return this.view(customerId);
  }

  clear(customerId: string): Promise<void> {
    return this.carts.clear(customerId);
  }

  /** Current prices of skus that may be sold; any other is a 422 naming its field. */
  private async sellablePrices(
    skus: string[],
    fieldOf: (sku: string) => string,
  ): Promise<Map<string, CartLineWrite['price']>> {
    const bySku = new Map((await this.catalog.lookup(skus)).map((i) => [i.sku, i]));
    const unknownSkus = skus.filter((sku) => !isSellable(bySku.get(sku)));
    if (unknownSkus.length > 0)
      throw CartError.fields(
        CartErrorCode.UnknownSkus,
        `Unknown or unavailable skus: ${unknownSkus.join(', ')}.`,
        unknownSkus.map((sku) => ({ field: fieldOf(sku), message: `unknown product ${sku}` })),
        { unknownSkus },
      );
    return new Map(
      skus.map((sku) => {
        const item = bySku.get(sku) as Sellable;
        return [sku, { price: item.price, currency: item.currency }];
      }),
    );
  }

  private async render(rows: CartLineRow[]): Promise<CartView> {
    if (rows.length === 0) return { lines: [], itemCount: 0, total: 0, currency: DEFAULT_CURRENCY };
    const skus = rows.map((r) => r.sku);
    const [items, levels] = await Promise.all([
      this.catalog.lookup(skus),
      this.stock.levels(skus).catch((error: unknown) => {
        this.logger.warn({ err: String(error) }, 'cart shown without stock hints');
        return undefined;
      }),
    ]);
    const bySku = new Map(items.map((i) => [i.sku, i]));
    const lines = rows.map((row): CartLineView => {
      const item = bySku.get(row.sku);
      const sellable = isSellable(item);
      const unitPrice = sellable ? item.price : row.addedPrice;
      const available = levels?.get(row.sku);
      return {
        sku: row.sku,
        name: item?.name ?? row.sku,
        quantity: row.quantity,
        unitPrice,
        lineTotal: unitPrice * row.quantity,
        currency: sellable ? item.currency : row.addedCurrency,
        priceWhenAdded: row.addedPrice,
        priceChanged: sellable && item.price !== row.addedPrice,
        sellable,
        stock: available === undefined ? null : stockHint(available, row.quantity),
      };
    });
    const counted = lines.filter((l) => l.sellable);
    return {
      lines,
      itemCount: lines.reduce((n, l) => n + l.quantity, 0),
      total: counted.reduce((sum, l) => sum + l.lineTotal, 0),
      currency: counted[0]?.currency ?? lines[0]?.currency ?? DEFAULT_CURRENCY,
    };
  }
}

export function stockHint(available: number, wanted: number): NonNullable<CartLineView['stock']> {
  if (available <= 0) return { status: 'sold-out', available: 0 };
  if (available <= LOW_STOCK_HINT || available < wanted) return { status: 'low', available };
  return { status: 'in-stock', available };
}

const tooManyLines = (field: string) =>
  CartError.fields(
    CartErrorCode.TooManyLines,
    `A cart holds at most ${MAX_CART_LINES} different products.`,
    [{ field, message: `the cart would have more than ${MAX_CART_LINES} lines` }],
  );
