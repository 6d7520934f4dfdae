import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isMongoDuplicateKey } from '@mstore/mongo';
import { randomUUID } from 'node:crypto';
import { CATALOG_MARK_MODEL, CatalogMarkDocument } from './catalog-mark.schema';

const CATALOG = 'catalog';

/**
 * Readers scan at least this often even when the mark stands still: a writer that died between
 * its write and moving the mark is seen this late at worst.
 */
export const UNMARKED_WRITE_MAX_MS = 10_000;

/**
 * A version every product write moves after it wrote. FerretDB v1 scans the collection for any
 * filter but `_id`, so readers of the whole catalog (the lookup snapshot, the outbox poll) ask
 * this one `_id` lookup whether anything changed before they scan. Read it before a scan: a write
 * the scan misses moves it again afterwards.
 */
@Injectable()
export class CatalogMarkRepository {
  constructor(
    @InjectModel(CATALOG_MARK_MODEL) private readonly marks: Model<CatalogMarkDocument>,
  ) {}

  /** The current version; undefined before the first write. */
  async current(): Promise<string | undefined> {
    const doc = await this.marks.findById(CATALOG, { version: 1 }).lean<CatalogMarkDocument>();
    return doc?.version;
  }

  async move(): Promise<void> {
    const update = () =>
      this.marks.updateOne(
        { _id: CATALOG },
        { $set: { version: randomUUID(), movedAt: new Date() } },
        { upsert: true },
      );
    try {
      await update();
    } catch (error) {
      // two first writes raced to create it; it exists now
      if (!isMongoDuplicateKey(error)) throw error;
      await update();
    }
  }
}
