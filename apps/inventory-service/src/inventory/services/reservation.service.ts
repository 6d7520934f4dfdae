import { Inject, Injectable } from '@nestjs/common';
import { ReservationResult, ReserveRequest, ShortSku } from '@mstore/contracts';
import { APP_CONFIG, Outbox } from '@mstore/platform';
import { AppConfig } from '../../config';
import { InventoryError, InventoryErrorCode } from '../inventory.errors';
import { Line, ReservationRow, StockRow, toReservationResult } from '../inventory.types';
import { ReservationExistsError } from '../repositories/inventory-tx';
import { InventoryRepository } from '../repositories/inventory.repository';
import { StockChange, StockLedgerService } from './stock-ledger.service';

export interface ReserveOutcome {
  /** False when the order id was already reserved: the stored result is answered again. */
  created: boolean;
  result: ReservationResult;
}

type CommitOutcome = { committed: ReservationRow } | { closed: ReservationRow };

/** Reserve, commit, release: all-or-nothing, idempotent on the order id. */
@Injectable()
export class ReservationService {
  constructor(
    private readonly repository: InventoryRepository,
    private readonly ledger: StockLedgerService,
    private readonly relay: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reserve(request: ReserveRequest, actor: string): Promise<ReserveOutcome> {
    const existing = await this.repository.findReservation(request.orderId);
    if (existing) return { created: false, result: toReservationResult(existing) };
    const lines = [...request.lines].sort((a, b) => (a.sku < b.sku ? -1 : 1));
    // a flash sale's losers are told without queueing on the hot row's lock; winners re-check under it
    try {
      checkAvailability(lines, await this.repository.findStock(lines.map((l) => l.sku)));
    } catch (error) {
      // the same order may have taken the stock a moment ago: it gets its own result back
      const raced = await this.repository.findReservation(request.orderId);
      if (raced) return { created: false, result: toReservationResult(raced) };
      throw error;
    }
    const expiresAt = new Date(Date.now() + this.config.RESERVATION_TTL_SECONDS * 1000);
    try {
      const row = await this.repository.transaction(async (tx) => {
        // claiming the id first makes a racing duplicate wait here, then see our committed row
        await tx.insertReservation(request.orderId, expiresAt, lines);
        const matched = checkAvailability(lines, await tx.lockStock(lines.map((l) => l.sku)));
        await this.ledger.applyAll(
          tx,
          matched.map(({ line, row }) => ({
            row,
            change: {
              kind: 'RESERVE',
              availableDelta: -line.quantity,
              reservedDelta: line.quantity,
              reason: 'reservation',
              actor,
              orderId: request.orderId,
            },
          })),
        );
        return { orderId: request.orderId, status: 'RESERVED' as const, expiresAt, lines };
      });
      this.relay.nudge();
      return { created: true, result: toReservationResult(row) };
    } catch (error) {
      if (!(error instanceof ReservationExistsError)) throw error;
      const winner = await this.repository.findReservation(request.orderId);
      if (!winner) throw error;
      return { created: false, result: toReservationResult(winner) };
    }
  }

  /** Stock leaves for good; an expired reservation is released here rather than committed. */
  async commit(orderId: string, actor: string): Promise<ReservationResult> {
    const outcome = await this.repository.transaction<CommitOutcome>(async (tx) => {
      const reservation = await tx.lockReservation(orderId);
      if (!reservation) throw notFound(orderId);
      if (reservation.status === 'COMMITTED') return { committed: reservation };
      if (reservation.status !== 'RESERVED') return { closed: reservation };
      if (reservation.expiresAt.getTime() <= Date.now()) {
        await this.ledger.giveBack(tx, [reservation], 'EXPIRE', actor);
        await tx.setReservationStatus([orderId], 'EXPIRED');
        return { closed: { ...reservation, status: 'EXPIRED' } };
      }
      const stock = new Map(
        (await tx.lockStock(reservation.lines.map((l) => l.sku))).map((s) => [s.sku, s]),
      );
      const changes = reservation.lines.flatMap((line) => {
        const row = stock.get(line.sku);
        if (!row) return []; // skus are never deleted
        const change: StockChange = {
          kind: 'COMMIT',
          availableDelta: 0,
          reservedDelta: -line.quantity,
          reason: 'order confirmed',
          actor,
          orderId,
        };
        return [{ row, change }];
      });
      await this.ledger.applyAll(tx, changes);
      await tx.setReservationStatus([orderId], 'COMMITTED');
      return { committed: { ...reservation, status: 'COMMITTED' } };
    });
    this.relay.nudge();
    if ('closed' in outcome) {
      throw new InventoryError(
        InventoryErrorCode.ReservationClosed,
        `Reservation ${orderId} is ${outcome.closed.status} and cannot be committed.`,
        { reservationStatus: outcome.closed.status },
      );
    }
    return toReservationResult(outcome.committed);
  }

  /** Returns the stock of an open or committed reservation; a closed one is answered as it is. */
  async release(orderId: string, actor: string): Promise<ReservationResult> {
    const row = await this.repository.transaction(async (tx) => {
      const reservation = await tx.lockReservation(orderId);
      if (!reservation) throw notFound(orderId);
      if (reservation.status === 'RELEASED' || reservation.status === 'EXPIRED') return reservation;
      await this.ledger.giveBack(tx, [reservation], 'RELEASE', actor);
      await tx.setReservationStatus([orderId], 'RELEASED');
      return { ...reservation, status: 'RELEASED' as const };
    });
    this.relay.nudge();
    return toReservationResult(row);
  }
}

const notFound = (orderId: string) =>
  new InventoryError(
    InventoryErrorCode.ReservationNotFound,
    `No reservation for order ${orderId}.`,
  );

/** Unknown skus (422) first, then every short line (409); the matched lines when all are there. */
export function checkAvailability(
  lines: Line[],
  rows: StockRow[],
): { line: Line; row: StockRow }[] {
  const { matched, unknown } = matchStock(lines, rows);
  if (unknown.length > 0) throw InventoryError.unknownSkus(unknown);
  const shortages: ShortSku[] = matched
    .filter(({ line, row }) => row.available < line.quantity)
    .map(({ line, row }) => ({
      sku: line.sku,
      requested: line.quantity,
      available: row.available,
    }));
  if (shortages.length > 0) throw InventoryError.shortages(shortages);
  return matched;
}

/** Pairs each line with its locked stock row; lines without one are unknown skus. */
export function matchStock(
  lines: Line[],
  rows: StockRow[],
): { matched: { line: Line; row: StockRow }[]; unknown: string[] } {
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  const matched: { line: Line; row: StockRow }[] = [];
  const unknown: string[] = [];
  for (const line of lines) {
    const row = bySku.get(line.sku);
    if (row) matched.push({ line, row });
    else unknown.push(line.sku);
  }
  return { matched, unknown };
}
