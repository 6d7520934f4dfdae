import { CreateOutbox1764000000000 } from './1764000000000-create-outbox';
import { CreateInventory1764000000001 } from './1764000000001-create-inventory';
import { CreateRetiredSku1764000000002 } from './1764000000002-create-retired-sku';
import { AddOutboxTraceContext1764000000003 } from './1764000000003-add-outbox-trace-context';

/** In order; TypeORM records each in the `migrations` table. */
export const INVENTORY_MIGRATIONS = [
  CreateOutbox1764000000000,
  CreateInventory1764000000001,
  CreateRetiredSku1764000000002,
  AddOutboxTraceContext1764000000003,
];
