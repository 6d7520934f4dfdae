import { Injectable } from '@nestjs/common';
import { isMysqlDuplicateKey } from '@mstore/mysql';
import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from '../entities';

@Injectable()
export class IdempotencyKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(IdempotencyKeyEntity);
  }

  /** False when the key exists already (the primary key decides, even between concurrent requests). */
  async tryInsert(row: IdempotencyKeyEntity): Promise<boolean> {
    try {
      await this.repo.insert(row);
      return true;
    } catch (error) {
      if (isMysqlDuplicateKey(error)) return false;
      throw error;
    }
  }

  find(customerId: string, idemKey: string): Promise<IdempotencyKeyEntity | null> {
    return this.repo.findOneBy({ customerId, idemKey });
  }

  /** Deletes the row only if it still belongs to that attempt. */
  async deleteIf(customerId: string, idemKey: string, orderId: string): Promise<void> {
    await this.repo.delete({ customerId, idemKey, orderId });
  }

  /** Plain SQL: TypeORM's delete() has no LIMIT, and a batch keeps the lock short. */
  async purgeExpired(now: Date, limit: number): Promise<number> {
    const result: { affectedRows?: number } = await this.dataSource.query(
      'DELETE FROM idempotency_keys WHERE expiresAt < ? LIMIT ?',
      [now, limit],
    );
    return result.affectedRows ?? 0;
  }
}
