import { leaseSchema } from '@mstore/mongo';

export const LOCK_MODEL = 'ProductLock';

export const lockSchema = leaseSchema('product_locks');
