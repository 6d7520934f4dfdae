import { Injectable } from '@nestjs/common';
import { ProductLookupItem, ProductLookupResponse } from '@mstore/contracts';
import { ProductsRepository } from '../repositories/products.repository';

/** Names and prices for the order service; every requested sku is answered, once, in order. */
@Injectable()
export class ProductLookupService {
  constructor(private readonly products: ProductsRepository) {}

  async lookup(skus: readonly string[]): Promise<ProductLookupResponse> {
    const unique = [...new Set(skus)];
    const found = new Map((await this.products.findBySkus(unique)).map((p) => [p.sku, p]));
    const items = unique.map((sku): ProductLookupItem => {
      const product = found.get(sku);
      if (!product) return { sku, known: false, sellable: false };
      return {
        sku,
        known: true,
        sellable: !product.deleted,
        name: product.name,
        price: product.price,
        currency: product.currency,
      };
    });
    return { items };
  }
}
