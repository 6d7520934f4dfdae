import { InventoryEventType } from '@mstore/contracts';
import { AppConfig } from '../../config';
import { StockRow } from '../inventory.types';
import { InventoryTx } from '../repositories/inventory-tx';
import { StockChange, StockLedgerService } from './stock-ledger.service';

const stock = (sku: string, available: number, reserved = 0): StockRow => ({
  sku,
  available,
  reserved,
  lowStockThreshold: null,
});

const change = (availableDelta: number, reservedDelta: number): StockChange => ({
  kind: 'RESERVE',
  availableDelta,
  reservedDelta,
  reason: 'test',
  actor: 'svc',
  orderId: 'o-1',
});

function setup(applies = true) {
  const tx = {
    applyDelta: jest.fn().mockResolvedValue(applies),
    recordMovements: jest.fn().mockResolvedValue(undefined),
    appendEvents: jest.fn().mockResolvedValue(undefined),
  };
  const ledger = new StockLedgerService({ LOW_STOCK_THRESHOLD: 5 } as AppConfig);
  return { ledger, tx, asTx: tx as unknown as InventoryTx };
}

describe(StockLedgerService.name, () => {
  it('writes the audit rows and the events of a whole batch with one insert each', async () => {
    const { ledger, tx, asTx } = setup();
    const after = await ledger.applyAll(asTx, [
      { row: stock('A', 10), change: change(-2, 2) },
      { row: stock('B', 1), change: change(-1, 1) },
    ]);
    expect(tx.applyDelta.mock.calls).toEqual([
      ['A', -2, 2],
      ['B', -1, 1],
    ]);
    expect(tx.recordMovements).toHaveBeenCalledTimes(1);
    expect(tx.recordMovements.mock.calls[0][0]).toMatchObject([
      { sku: 'A', availableAfter: 8, reservedAfter: 2 },
      { sku: 'B', availableAfter: 0, reservedAfter: 1 },
    ]);
    expect(tx.appendEvents).toHaveBeenCalledTimes(1);
    expect(tx.appendEvents.mock.calls[0][0].map((e: { type: string }) => e.type)).toEqual([
      InventoryEventType.StockChanged,
      InventoryEventType.StockChanged,
      InventoryEventType.OutOfStock,
    ]);
    expect(after.get('A')).toMatchObject({ available: 8, reserved: 2 });
    expect(after.get('B')).toMatchObject({ available: 0, reserved: 1 });
  });

  it('chains changes of one sku from the row the previous change left', async () => {
    const { ledger, tx, asTx } = setup();
    const row = stock('A', 3, 4);
    const after = await ledger.applyAll(asTx, [
      { row, change: change(1, -1) },
      { row, change: change(2, -2) },
    ]);
    expect(tx.recordMovements.mock.calls[0][0]).toMatchObject([
      { availableAfter: 4, reservedAfter: 3 },
      { availableAfter: 6, reservedAfter: 1 },
    ]);
    expect(after.get('A')).toMatchObject({ available: 6, reserved: 1 });
  });

  it('writes nothing for a change of zero', async () => {
    const { ledger, tx, asTx } = setup();
    const row = stock('A', 3);
    await expect(ledger.apply(asTx, row, change(0, 0))).resolves.toBe(row);
    expect(tx.applyDelta).not.toHaveBeenCalled();
    expect(tx.recordMovements).toHaveBeenCalledWith([]);
  });

  it('fails the transaction when the guarded update matched no row', async () => {
    const { ledger, tx, asTx } = setup(false);
    await expect(ledger.apply(asTx, stock('A', 0), change(-1, 1))).rejects.toThrow(
      'stock of A would go negative',
    );
    expect(tx.recordMovements).not.toHaveBeenCalled();
  });
});
