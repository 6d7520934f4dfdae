import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fleet, Instance } from './support/fleet';

/**
 * docs/metrics.md against what the services really expose: one instance of each, scraped where
 * Prometheus scrapes them (the gateway on its management port). A metric a service adds without a
 * line in the doc fails here, and so does a line naming a service that does not expose it.
 */
const DOC = readFileSync(join(__dirname, '..', 'docs', 'metrics.md'), 'utf8');
const SERVICES = [
  'api-gateway',
  'product-service',
  'order-service',
  'inventory-service',
  'notification-service',
];

/** Each documented metric and the services its row names ("all": the five). */
export function documented(markdown: string): Map<string, Set<string>> {
  const rows = new Map<string, Set<string>>();
  for (const m of markdown.matchAll(/^\| `([a-z_:][a-z0-9_:]*)` \|.*\| ([^|]+) \|$/gm)) {
    const services = m[2].trim() === 'all' ? SERVICES : m[2].split(',').map((s) => s.trim());
    rows.set(m[1], new Set(services));
  }
  return rows;
}

/** The metric families of a Prometheus text answer, by their `# TYPE` lines. */
const families = (text: string) =>
  [...text.matchAll(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) /gm)].map((m) => m[1]);

describe('docs/metrics.md', () => {
  let fleet: Fleet;
  const exposed = new Map<string, Set<string>>();

  beforeAll(async () => {
    fleet = await Fleet.start({ label: 'metrics' });
    const scrape = async (i: Instance) => {
      const base = i.app === 'api-gateway' ? i.process?.managementUrl : i.baseUrl;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      return families(await res.text());
    };
    for (const instance of fleet.instances) {
      for (const name of await scrape(instance)) {
        if (!exposed.has(name)) exposed.set(name, new Set());
        exposed.get(name)?.add(instance.app);
      }
    }
    // five services starting on a busy machine
  }, 300_000);
  afterAll(() => fleet?.stop());

  it('lists every metric a service exposes', () => {
    const rows = documented(DOC);
    expect(rows.size).toBeGreaterThan(40);
    // every service was scraped, and each has its own figures besides the process ones
    expect(new Set([...exposed.values()].flatMap((s) => [...s]))).toEqual(new Set(SERVICES));
    expect([...exposed.keys()].filter((name) => !rows.has(name))).toEqual([]);
  });

  it('names exactly the services that expose each metric', () => {
    const wrong = [...documented(DOC)].flatMap(([name, services]) => {
      const actual = [...(exposed.get(name) ?? [])].sort();
      const said = [...services].sort();
      return actual.join() === said.join() ? [] : [{ name, said, actual }];
    });
    expect(wrong).toEqual([]);
  });
});
