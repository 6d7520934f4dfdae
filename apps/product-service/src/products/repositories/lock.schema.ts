import { Schema, Types } from 'mongoose';

export const LOCK_MODEL = 'ProductLock';

/** A lease: whoever inserted the row for `key` holds it until `until`. */
export interface LockDocument {
  _id: Types.ObjectId;
  key: string;
  until: Date;
}

export const lockSchema = new Schema<LockDocument>(
  {
    key: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'product_locks', versionKey: false, autoIndex: true },
);

// acquire: the unique key is the only atomic compare-and-set FerretDB offers (its updates read
// then write without isolation), so mutual exclusion rests on this insert
lockSchema.index({ key: 1 }, { unique: true });
