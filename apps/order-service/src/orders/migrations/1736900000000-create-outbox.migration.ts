import { createOutboxTables, dropOutboxTables } from '@mstore/mysql';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables of @mstore/messaging's MySQL outbox (OutboxEntity, OutboxRelayLockEntity). */
export class CreateOutbox1736900000000 implements MigrationInterface {
  name = 'CreateOutbox1736900000000';

  up = (queryRunner: QueryRunner): Promise<void> => createOutboxTables(queryRunner);
  down = (queryRunner: QueryRunner): Promise<void> => dropOutboxTables(queryRunner);
}
