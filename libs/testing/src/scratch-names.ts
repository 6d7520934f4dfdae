import { randomBytes } from 'node:crypto';

/** A database name the mstore user may create (grants cover mstore_test_%). */
export const scratchDatabase = (label: string) =>
  `mstore_test_${label}_${randomBytes(3).toString('hex')}`;
export const uniqueSuffix = () => randomBytes(4).toString('hex');
