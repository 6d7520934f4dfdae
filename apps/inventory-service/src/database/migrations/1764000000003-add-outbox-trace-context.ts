import { addOutboxTraceContext, dropOutboxTraceContext } from '@mstore/mysql';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox rows keep the writing request's trace context, so the relay publishes in its trace. */
export class AddOutboxTraceContext1764000000003 implements MigrationInterface {
  name = 'AddOutboxTraceContext1764000000003';

  up = (queryRunner: QueryRunner): Promise<void> => addOutboxTraceContext(queryRunner);
  down = (queryRunner: QueryRunner): Promise<void> => dropOutboxTraceContext(queryRunner);
}
