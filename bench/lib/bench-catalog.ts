import mongoose from 'mongoose';
import { uniqueSuffix } from '@mstore/testing';

export interface BenchCatalog {
  skus: string[];
  flashSku: string;
  categories: string[];
  remove(): Promise<void>;
}

const PRODUCTS = 40;
const STOCK = 1_000_000;

/**
 * Bench products with ample stock, created through the gateway as an admin. Afterwards they are
 * deleted through the API (their events go out) and then purged from the catalog database: soft
 * deleted documents stay, and each run's leftovers would slow every later FerretDB scan.
 */
export async function createBenchCatalog(
  gateway: string,
  adminToken: string,
  mongoUrl: string,
): Promise<BenchCatalog> {
  const run = uniqueSuffix();
  const categories = ['bench-a', 'bench-b', 'bench-c', 'bench-d'];
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };
  const ids: string[] = [];
  const create = async (sku: string, i: number, stock: number) => {
    const created = await fetch(`${gateway}/api/products`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        sku,
        name: `Bench product ${i}`,
        description: `A product for the benchmark run ${run}.`,
        category: categories[i % categories.length],
        price: 500 + 137 * i,
        currency: 'USD',
      }),
    });
    if (created.status !== 201)
      throw new Error(`creating ${sku}: ${created.status} ${await created.text()}`);
    ids.push(((await created.json()) as { id: string }).id);
    const stocked = await fetch(`${gateway}/api/inventory/${sku}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ available: stock }),
    });
    if (!stocked.ok) throw new Error(`stocking ${sku}: ${stocked.status} ${await stocked.text()}`);
  };
  const skus = Array.from({ length: PRODUCTS }, (_, i) =>
    `BENCH-${run}-${String(i).padStart(3, '0')}`.toUpperCase(),
  );
  for (let i = 0; i < skus.length; i += 4)
    await Promise.all(skus.slice(i, i + 4).map((sku, k) => create(sku, i + k, STOCK)));
  const flashSku = `FLASH-${run}`.toUpperCase();
  await create(flashSku, PRODUCTS, 0);
  return {
    skus,
    flashSku,
    categories,
    remove: async () => {
      for (const id of ids) {
        // no content-type: a DELETE carries no body
        const deleted = await fetch(`${gateway}/api/products/${id}`, {
          method: 'DELETE',
          headers: { authorization: headers.authorization },
        });
        if (deleted.status !== 204)
          throw new Error(`deleting ${id}: ${deleted.status} ${await deleted.text()}`);
      }
      await purge(mongoUrl, [...skus, flashSku]);
    },
  };
}

async function purge(mongoUrl: string, skus: string[]): Promise<void> {
  const conn = await mongoose.createConnection(mongoUrl, { dbName: 'catalog' }).asPromise();
  try {
    await conn.collection('products').deleteMany({ sku: { $in: skus }, deleted: true });
  } finally {
    await conn.close();
  }
}
