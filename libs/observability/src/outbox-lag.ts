import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { measuredGauge } from './metrics';

/** Seconds since the oldest event still waiting in this service's outbox was written; 0: none. */
export type OldestPendingAge = () => Promise<number>;

/**
 * `outbox_lag_seconds`: the age of the oldest unpublished event, measured on each scrape. Every
 * instance of a service reports the same outbox, so the alert takes the maximum.
 */
export function trackOutboxLag(oldestPendingAge: OldestPendingAge): void {
  measuredGauge(
    'outbox_lag_seconds',
    'Age of the oldest event not yet published from the outbox (0 when none is waiting)',
    async () => Math.max(0, await oldestPendingAge()),
  );
}

/**
 * The MySQL outbox's oldest pending row, found through the relay's own index (publishedAt, seq);
 * its age is taken by the server, whose clock and time zone wrote createdAt.
 */
export function mysqlOldestPendingAge(dataSource: DataSource): OldestPendingAge {
  return async () => {
    const rows: { age: string | number | null }[] = await dataSource.query(
      `SELECT TIMESTAMPDIFF(MICROSECOND, createdAt, CURRENT_TIMESTAMP(3)) / 1000000 AS age
       FROM outbox WHERE publishedAt IS NULL ORDER BY seq LIMIT 1`,
    );
    return rows[0] ? Number(rows[0].age) : 0;
  };
}

/** Registers outbox_lag_seconds for a service with the MySQL outbox (order, inventory). */
@Injectable()
export class MysqlOutboxLag implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    trackOutboxLag(mysqlOldestPendingAge(this.dataSource));
  }
}
