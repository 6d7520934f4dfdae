import { DEMO_CATALOG } from '@mstore/contracts';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fleet } from './support/fleet';

/** The README's quick-start example, extracted and run as written: the README cannot rot. */
const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The shell block right after the `<!-- readme-example -->` marker. */
export function readmeExample(markdown: string): string {
  const m = /<!-- readme-example -->\s*```bash\n([\s\S]*?)```/.exec(markdown);
  if (!m) throw new Error('README.md has no ```bash block after <!-- readme-example -->');
  return m[1];
}

describe('README quick-start example', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await Fleet.start({ label: 'readme' });
  });
  afterAll(() => fleet?.stop());

  it('runs verbatim against a fleet with the demo data', () => {
    const script = readmeExample(README);
    // Only the gateway's address differs: this suite's fleet is private (DESIGN: localhost:8080).
    expect(script).toContain('localhost:8080');
    const here = script.replaceAll('localhost:8080', fleet.url.replace('http://', ''));
    const r = spawnSync('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', here], {
      encoding: 'utf8',
      timeout: 60_000,
      // PATH as a user has it: no uuidgen or jq needed beyond what the README lists
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });

    const answers = r.stdout
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(answers).toHaveLength(3);
    const [products, first, again] = answers;
    expect(products.items.length).toBeGreaterThan(0);
    expect(products.items.every((p: { category: string }) => p.category === 'electronics')).toBe(
      true,
    );
    // the example's sku is in the demo catalog, and the retry with the same key is the same order
    const skus = new Set(DEMO_CATALOG.map((p) => p.sku));
    expect(first.lines.map((l: { sku: string }) => skus.has(l.sku))).toEqual([true]);
    expect(first).toMatchObject({ status: 'CONFIRMED', id: expect.any(String) });
    expect(again.id).toBe(first.id);
  });
});
