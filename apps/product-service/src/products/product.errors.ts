import { assertNever, DomainError } from '@mstore/http';

export enum ProductErrorCode {
  NotFound = 'PRODUCT_NOT_FOUND',
  DuplicateSku = 'DUPLICATE_SKU',
  SkuImmutable = 'SKU_IMMUTABLE',
  StaleVersion = 'STALE_VERSION',
  Busy = 'PRODUCT_BUSY',
  AdminOnly = 'ADMIN_ONLY',
}

export class ProductError extends DomainError<ProductErrorCode> {
  describe(): { status: number; title: string } {
    switch (this.code) {
      case ProductErrorCode.NotFound:
        return { status: 404, title: 'Product not found' };
      case ProductErrorCode.DuplicateSku:
        return { status: 409, title: 'Duplicate sku' };
      case ProductErrorCode.SkuImmutable:
        return { status: 409, title: 'Sku cannot change' };
      case ProductErrorCode.StaleVersion:
        return { status: 412, title: 'Precondition Failed' };
      case ProductErrorCode.Busy:
        return { status: 503, title: 'Product busy' };
      case ProductErrorCode.AdminOnly:
        return { status: 403, title: 'Forbidden' };
      default:
        return assertNever(this.code);
    }
  }
}

export const productNotFound = (id: string) =>
  new ProductError(ProductErrorCode.NotFound, `No product ${id}.`);
