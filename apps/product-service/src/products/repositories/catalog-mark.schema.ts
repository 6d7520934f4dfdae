import { Schema } from 'mongoose';

export const CATALOG_MARK_MODEL = 'CatalogMark';

/** One document (`_id: 'catalog'`) whose version every product write moves. */
export interface CatalogMarkDocument {
  _id: string;
  version: string;
  movedAt: Date;
}

export const catalogMarkSchema = new Schema<CatalogMarkDocument>(
  {
    _id: { type: String, required: true },
    version: { type: String, required: true },
    movedAt: { type: Date, required: true },
  },
  { collection: 'catalog_marks', versionKey: false, autoIndex: false },
);
