import { ShortSku } from '@mstore/contracts';
import { assertNever, DomainError } from '@mstore/http';

export enum InventoryErrorCode {
  InsufficientStock = 'INSUFFICIENT_STOCK',
  UnknownSkus = 'UNKNOWN_SKUS',
  SkuNotFound = 'SKU_NOT_FOUND',
  StockLimit = 'STOCK_LIMIT',
  ReservationNotFound = 'RESERVATION_NOT_FOUND',
  ReservationClosed = 'RESERVATION_CLOSED',
}

export class InventoryError extends DomainError<InventoryErrorCode> {
  describe(): { status: number; title: string } {
    switch (this.code) {
      case InventoryErrorCode.InsufficientStock:
        return { status: 409, title: 'Insufficient stock' };
      case InventoryErrorCode.UnknownSkus:
        return { status: 422, title: 'Unknown skus' };
      case InventoryErrorCode.SkuNotFound:
        return { status: 404, title: 'Sku not found' };
      case InventoryErrorCode.StockLimit:
        return { status: 409, title: 'Stock limit exceeded' };
      case InventoryErrorCode.ReservationNotFound:
        return { status: 404, title: 'Reservation not found' };
      case InventoryErrorCode.ReservationClosed:
        return { status: 409, title: 'Reservation closed' };
      default:
        return assertNever(this.code);
    }
  }

  static shortages(shortages: ShortSku[]): InventoryError {
    const names = shortages.map((s) => s.sku).join(', ');
    return new InventoryError(
      InventoryErrorCode.InsufficientStock,
      `Not enough stock for ${names}.`,
      {
        shortages,
      },
    );
  }

  static unknownSkus(unknownSkus: string[]): InventoryError {
    return new InventoryError(
      InventoryErrorCode.UnknownSkus,
      `Unknown skus: ${unknownSkus.join(', ')}.`,
      { unknownSkus },
    );
  }
}
