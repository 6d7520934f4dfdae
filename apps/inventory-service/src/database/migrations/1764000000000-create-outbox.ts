import { createOutboxTables, dropOutboxTables } from '@mstore/mysql';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and relay lease tables of @mstore/messaging (OutboxEntity, OutboxRelayLockEntity). */
export class CreateOutbox1764000000000 implements MigrationInterface {
  name = 'CreateOutbox1764000000000';

  up = (queryRunner: QueryRunner): Promise<void> => createOutboxTables(queryRunner);
  down = (queryRunner: QueryRunner): Promise<void> => dropOutboxTables(queryRunner);
}
