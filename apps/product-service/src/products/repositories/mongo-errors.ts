/** MongoDB's duplicate key error code (unique index violation). */
export const isDuplicateKey = (error: unknown): boolean =>
  (error as { code?: unknown })?.code === 11000;
