import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMStoreClient } from './index';
import type { paths } from './schema';

describe('sdk', () => {
  it('is generated from the committed public API (run `npm run openapi` when this fails)', () => {
    const root = join(__dirname, '../../..');
    const generated = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(__dirname, 'print-schema.ts')],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);
    expect(readFileSync(join(__dirname, 'schema.ts'), 'utf8')).toBe(generated.stdout);
  }, 60_000);

  it('names the store routes with their shapes', () => {
    type Cart = paths['/api/cart']['get']['responses'][200]['content']['application/json'];
    const cart: Cart = { lines: [], itemCount: 0, total: 0, currency: 'USD' };
    type Categories =
      paths['/api/categories']['get']['responses'][200]['content']['application/json'];
    const categories: Categories = [{ slug: 'books', name: 'Books', count: 1 }];
    expect([cart.total, categories[0]?.count]).toEqual([0, 1]);
  });

  it('sends the token and the typed request to the gateway', async () => {
    const seen: Request[] = [];
    const client = createMStoreClient({
      baseUrl: 'http://gateway.test',
      token: () => 'tok',
      fetch: async (request: Request) => {
        seen.push(request);
        return new Response(
          JSON.stringify({ lines: [], itemCount: 0, total: 0, currency: 'USD' }),
          {
            headers: { 'content-type': 'application/json' },
          },
        );
      },
    });
    const { data } = await client.PUT('/api/cart/items/{sku}', {
      params: { path: { sku: 'ELEC-0001' } },
      body: { quantity: 2 },
    });
    expect(data?.total).toBe(0);
    expect(seen[0]?.url).toBe('http://gateway.test/api/cart/items/ELEC-0001');
    expect(seen[0]?.method).toBe('PUT');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer tok');
    expect(await seen[0]?.json()).toEqual({ quantity: 2 });
  });
});
