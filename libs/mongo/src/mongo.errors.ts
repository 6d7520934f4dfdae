/** MongoDB's code for a unique index violation (E11000), as the driver and mongoose report it. */
const DUPLICATE_KEY = 11000;

/** Whether `error` is MongoDB's duplicate key error (a unique index refused the write). */
export const isMongoDuplicateKey = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === DUPLICATE_KEY;
