import type { Outbox } from '@mstore/platform';
import { AppConfig } from '../../config';
import { InventoryError, InventoryErrorCode } from '../inventory.errors';
import { StockRow } from '../inventory.types';
import { InventoryTx, ReservationExistsError } from '../repositories/inventory-tx';
import { InventoryRepository } from '../repositories/inventory.repository';
import { matchStock, ReservationService } from './reservation.service';
import { StockChange, StockLedgerService } from './stock-ledger.service';

type LedgerCall = { row: StockRow; change: StockChange }[];

const stock = (sku: string, available: number): StockRow => ({
  sku,
  available,
  reserved: 0,
  lowStockThreshold: null,
});

function setup(rows: StockRow[]) {
  const tx = {
    insertReservation: jest.fn().mockResolvedValue(undefined),
    lockStock: jest.fn().mockResolvedValue(rows),
  };
  const repository = {
    findReservation: jest.fn().mockResolvedValue(null),
    findStock: jest.fn().mockResolvedValue(rows),
    transaction: jest.fn((work: (t: InventoryTx) => unknown) => work(tx as unknown as InventoryTx)),
  };
  const ledger = { applyAll: jest.fn().mockResolvedValue(new Map()) };
  const relay = { nudge: jest.fn() };
  const service = new ReservationService(
    repository as unknown as InventoryRepository,
    ledger as unknown as StockLedgerService,
    relay as unknown as Outbox,
    { RESERVATION_TTL_SECONDS: 600 } as AppConfig,
  );
  return { service, repository, tx, ledger, relay };
}

const request = (...lines: [string, number][]) => ({
  orderId: 'o-1',
  lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
});

async function failure(promise: Promise<unknown>): Promise<InventoryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InventoryError) return error;
    throw error;
  }
  throw new Error('expected an InventoryError');
}

describe(ReservationService.name, () => {
  it('reserves every line, locking the skus in sorted order', async () => {
    const { service, tx, ledger } = setup([stock('A', 5), stock('B', 5)]);
    const outcome = await service.reserve(request(['B', 2], ['A', 1]), 'svc');
    expect(outcome.created).toBe(true);
    expect(tx.lockStock).toHaveBeenCalledWith(['A', 'B']);
    expect(
      ledger.applyAll.mock.calls.flatMap(([, changes]: [unknown, LedgerCall]) =>
        changes.map(({ row, change }) => [row.sku, change.availableDelta]),
      ),
    ).toEqual([
      ['A', -1],
      ['B', -2],
    ]);
  });

  it('lists every short sku and reserves nothing', async () => {
    const { service, ledger } = setup([stock('A', 1), stock('B', 0), stock('C', 9)]);
    const error = await failure(service.reserve(request(['A', 2], ['B', 1], ['C', 1]), 'svc'));
    expect(error.code).toBe(InventoryErrorCode.InsufficientStock);
    expect(error.extensions['shortages']).toEqual([
      { sku: 'A', requested: 2, available: 1 },
      { sku: 'B', requested: 1, available: 0 },
    ]);
    expect(ledger.applyAll).not.toHaveBeenCalled();
  });

  it('answers a sold-out sku without a transaction, so losers never queue on the row lock', async () => {
    const { service, repository } = setup([stock('A', 0)]);
    const error = await failure(service.reserve(request(['A', 1]), 'svc'));
    expect(error.code).toBe(InventoryErrorCode.InsufficientStock);
    expect(repository.transaction).not.toHaveBeenCalled();
  });

  it('checks again under the lock: stock taken after the unlocked read is a 409', async () => {
    const { service, repository, ledger } = setup([stock('A', 0)]);
    repository.findStock.mockResolvedValue([stock('A', 1)]);
    const error = await failure(service.reserve(request(['A', 1]), 'svc'));
    expect(error.extensions['shortages']).toEqual([{ sku: 'A', requested: 1, available: 0 }]);
    expect(ledger.applyAll).not.toHaveBeenCalled();
  });

  it('gives a retried order its own reservation when it took the last unit a moment ago', async () => {
    const { service, repository } = setup([stock('A', 0)]);
    const stored = { orderId: 'o-1', status: 'RESERVED', expiresAt: new Date(0), lines: [] };
    repository.findReservation.mockResolvedValueOnce(null).mockResolvedValueOnce(stored);
    const outcome = await service.reserve(request(['A', 1]), 'svc');
    expect(outcome.created).toBe(false);
    expect(repository.transaction).not.toHaveBeenCalled();
  });

  it('names unknown skus (422)', async () => {
    const { service } = setup([stock('A', 1)]);
    const error = await failure(service.reserve(request(['A', 1], ['Z', 1]), 'svc'));
    expect(error.describe().status).toBe(422);
    expect(error.extensions['unknownSkus']).toEqual(['Z']);
  });

  it('answers the winner of a racing duplicate instead of reserving again', async () => {
    const { service, repository, tx } = setup([stock('A', 1)]);
    const stored = { orderId: 'o-1', status: 'RESERVED', expiresAt: new Date(0), lines: [] };
    tx.insertReservation.mockRejectedValue(new ReservationExistsError('o-1'));
    repository.findReservation.mockResolvedValueOnce(null).mockResolvedValueOnce(stored);
    const outcome = await service.reserve(request(['A', 1]), 'svc');
    expect(outcome).toEqual({
      created: false,
      result: {
        orderId: 'o-1',
        status: 'RESERVED',
        lines: [],
        expiresAt: '1970-01-01T00:00:00.000Z',
      },
    });
  });
});

describe(matchStock.name, () => {
  it('pairs lines with rows and reports the rest as unknown', () => {
    const { matched, unknown } = matchStock(
      [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      [stock('A', 3)],
    );
    expect(matched.map((m) => m.row.sku)).toEqual(['A']);
    expect(unknown).toEqual(['B']);
  });
});
