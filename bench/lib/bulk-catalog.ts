import mongoose, { Types } from 'mongoose';

/** The categories and words the generated catalog is made of (the catalog-miss queries use them). */
export const BULK_CATEGORIES = ['electronics', 'kitchen', 'garden', 'books', 'toys', 'outdoor'];
export const BULK_WORDS = [
  'wireless',
  'compact',
  'steel',
  'bamboo',
  'travel',
  'classic',
  'smart',
  'organic',
  'heavy',
  'portable',
];
const NOUNS = ['lamp', 'kettle', 'speaker', 'bottle', 'chair', 'blanket', 'charger', 'puzzle'];

const CHUNK = 2000;

/**
 * `count` product documents inserted straight into `dbName` (the shape product-service writes, no
 * pending events), in bulk: creating 100,000 through the API would take longer than the bench.
 * About 2 % are soft-deleted, as a catalog that lives a while has them.
 */
export async function seedBulkCatalog(
  mongoUrl: string,
  dbName: string,
  count: number,
): Promise<void> {
  const conn = await mongoose.createConnection(mongoUrl, { dbName }).asPromise();
  try {
    const products = conn.collection('products');
    const start = Date.UTC(2026, 0, 1);
    for (let from = 0; from < count; from += CHUNK) {
      const docs = [];
      for (let i = from; i < Math.min(count, from + CHUNK); i++) {
        const word = BULK_WORDS[i % BULK_WORDS.length];
        const other = BULK_WORDS[(i * 7 + 3) % BULK_WORDS.length];
        const noun = NOUNS[(i * 3) % NOUNS.length];
        const name = `${cap(word)} ${noun} ${i}`;
        const at = new Date(start + i * 60_000);
        const deleted = i % 50 === 49;
        docs.push({
          _id: new Types.ObjectId(),
          sku: `BULK-${String(i).padStart(6, '0')}`,
          name,
          nameKey: name.toLowerCase(),
          description: `A ${other} ${noun} for everyday use, number ${i} of the bulk catalog.`,
          category: BULK_CATEGORIES[i % BULK_CATEGORIES.length],
          price: 199 + ((i * 7919) % 99_800),
          currency: 'USD',
          imageUrl: null,
          deleted,
          deletedAt: deleted ? at : null,
          version: 1,
          createdAt: at,
          updatedAt: at,
          pendingEvents: [],
          outboxPending: false,
        });
      }
      await products.insertMany(docs, { ordered: false });
    }
  } finally {
    await conn.close();
  }
}

export async function dropCatalogDatabase(mongoUrl: string, dbName: string): Promise<void> {
  const conn = await mongoose.createConnection(mongoUrl, { dbName }).asPromise();
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}

/** V8 heap in use of a service, from its Prometheus metrics (MiB). */
export async function heapUsedMiB(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_heap_size_used_bytes '));
  if (!line) throw new Error(`no nodejs_heap_size_used_bytes in ${baseUrl}/metrics`);
  return Math.round((Number(line.split(' ')[1]) / 2 ** 20) * 10) / 10;
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
