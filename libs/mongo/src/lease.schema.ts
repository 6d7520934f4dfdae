import { InferSchemaType, Schema, Types } from 'mongoose';

/** A lease: whoever inserted the row for `key` holds it until `until`. */
const leaseTemplate = new Schema(
  {
    key: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false, autoIndex: true },
);
// acquire: the unique key is the only atomic compare-and-set FerretDB offers (its updates read
// then write without isolation), so mutual exclusion rests on this insert
leaseTemplate.index({ key: 1 }, { unique: true });

/** The stored lease, typed from the schema itself. */
export type LeaseDocument = InferSchemaType<typeof leaseTemplate> & { _id: Types.ObjectId };

/** The leases' schema in the service's own collection. */
export function leaseSchema(collection: string): Schema<LeaseDocument> {
  const schema: Schema<LeaseDocument> = leaseTemplate.clone();
  schema.set('collection', collection);
  return schema;
}
