import { addOutboxTraceContext, dropOutboxTraceContext } from '@mstore/mysql';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox rows keep the writing request's trace context, so the relay publishes in its trace. */
export class AddOutboxTraceContext1768000000000 implements MigrationInterface {
  name = 'AddOutboxTraceContext1768000000000';

  up = (queryRunner: QueryRunner): Promise<void> => addOutboxTraceContext(queryRunner);
  down = (queryRunner: QueryRunner): Promise<void> => dropOutboxTraceContext(queryRunner);
}
