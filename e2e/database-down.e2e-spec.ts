import { DEMO_CATALOG } from '@mstore/contracts';
import { userToken, waitFor } from '@mstore/testing';
import { randomUUID } from 'node:crypto';
import {
  DatabaseServer,
  databasePortOpen,
  startServers,
  stopDatabase,
} from './support/database-server';
import { Fleet, Instance } from './support/fleet';
import { Answer, call, expecting5xx, isProblem, unexpected5xx } from './support/http-client';
import { report, summary } from './support/stats';

/** Longest a request may take while its database is down (connect, selection and buffer timeouts are 3 s). */
const MAX_ANSWER_MS = 8000;
const OUTAGE_MS = 8000;

interface Probe {
  label: string;
  send(): Promise<Answer>;
}

/**
 * The real MariaDB, then the real FerretDB, is stopped under traffic: every answer is a success or
 * a 503 problem with Retry-After naming the database (never a 500 or a hang), readiness of the
 * services on it turns false, and everything works again once the server is back.
 */
describe('database down: MariaDB, then FerretDB, stopped under traffic', () => {
  const item = DEMO_CATALOG.find((p) => p.stock >= 20)!;
  let productId: string;
  let fleet: Fleet;
  let alice: string;
  const stopped = new Set<DatabaseServer>();

  const place = () =>
    call(fleet.url, 'POST', '/api/orders', {
      token: alice,
      body: { lines: [{ sku: item.sku, quantity: 1 }] },
      headers: { 'idempotency-key': randomUUID() },
    });
  const probes = (): Probe[] => [
    { label: 'POST /api/orders', send: place },
    {
      label: 'GET /api/orders',
      send: () => call(fleet.url, 'GET', '/api/orders', { token: alice }),
    },
    {
      label: 'GET /api/inventory',
      send: () => call(fleet.url, 'GET', `/api/inventory?sku=${item.sku}`),
    },
    {
      // this fleet's gateway caches no catalog read (below): each one reaches the catalog
      label: 'GET /api/products',
      send: () => call(fleet.url, 'GET', '/api/products?pageSize=5', { token: alice }),
    },
    {
      // a product by id is read from the database (lists come from the read model in memory,
      // which keeps answering while FerretDB is down)
      label: 'GET /api/products/{id}',
      send: () => call(fleet.url, 'GET', `/api/products/${productId}`, { token: alice }),
    },
    {
      // the catalog itself, past the gateway: its own 503 must carry Retry-After too
      label: 'product-service GET /api/products',
      send: () => call(fleet.product[0].baseUrl, 'GET', '/api/products?pageSize=5'),
    },
    {
      label: 'GET /api/notifications',
      send: () => call(fleet.url, 'GET', '/api/notifications', { token: alice }),
    },
  ];
  /** What each instance's readiness last said, named in a timeout's message. */
  const lastReadiness = new Map<string, string>();
  const ready = async (instance: Instance) => {
    const response = await fetch(`${instance.baseUrl}/health/ready`);
    lastReadiness.set(instance.baseUrl, `${response.status} ${await response.text()}`);
    return response.status === 200;
  };
  const readinessSaid = () =>
    [...lastReadiness].map(([url, said]) => `${url}: ${said.slice(0, 400)}`).join('\n');

  beforeAll(async () => {
    alice = await userToken('alice');
    fleet = await Fleet.start({
      label: 'dbdown',
      // signed-in reads are cached too, and a cached copy would hide the outage from the probe;
      // uncached, the probe loop needs more catalog misses than a client's default budget
      env: {
        'api-gateway': {
          CATALOG_CACHE_TTL_MS: '0',
          CATALOG_MISS_BURST: '1000000',
          CATALOG_MISS_RATE_PER_S: '1000000',
        },
      },
    });
    const listed = await call(fleet.url, 'GET', `/api/products?pageSize=100`);
    productId = (listed.body.items as { id: string; sku: string }[]).find(
      (p) => p.sku === item.sku,
    )!.id;
    const admin = await userToken('admin');
    const set = await call(fleet.url, 'PUT', `/api/inventory/${item.sku}`, {
      token: admin,
      body: { available: 100_000 },
    });
    expect(set.status).toBe(200);
  });

  afterAll(async () => {
    // whatever happened, the databases run again before anything else, and the fleet stops even if that fails
    try {
      for (const name of ['mariadb', 'ferretdb'] as const)
        if (stopped.has(name) || !(await databasePortOpen(name))) {
          await startServers();
          break;
        }
    } finally {
      await fleet?.stop();
    }
  });

  it('answers every probe while both databases are up', async () => {
    for (const probe of probes()) {
      const answer = await probe.send();
      expect([probe.label, answer.status < 300]).toEqual([probe.label, true]);
    }
  });

  /** Sends every probe in a loop for `ms`, in parallel lanes; returns each answer with its probe. */
  async function traffic(ms: number): Promise<{ label: string; answer: Answer }[]> {
    const answers: { label: string; answer: Answer }[] = [];
    const until = Date.now() + ms;
    await expecting5xx(() =>
      Promise.all(
        probes().map(async (probe) => {
          while (Date.now() < until)
            answers.push({ label: probe.label, answer: await probe.send() });
        }),
      ),
    );
    return answers;
  }

  function checkOutage(
    answers: { label: string; answer: Answer }[],
    affected: Record<string, string>,
  ) {
    expect(answers.length).toBeGreaterThan(0);
    const bad = answers
      .filter(({ answer }) => !(answer.status < 300 || answer.status === 503))
      .map(({ label, answer }) => `${label} -> ${answer.status} ${answer.text.slice(0, 200)}`);
    expect(bad).toEqual([]);
    const unclean = answers
      .filter(({ answer }) => answer.status === 503)
      .filter(
        ({ answer }) =>
          !isProblem(answer) ||
          !(Number(answer.headers.get('retry-after')) >= 1) ||
          /ECONNREFUSED|127\.0\.0\.1|Mongo\w*Error|at .*\.js/.test(answer.text),
      )
      .map(
        ({ label, answer }) =>
          `${label} -> retry-after ${answer.headers.get('retry-after')} ${answer.text.slice(0, 300)}`,
      );
    expect(unclean).toEqual([]);
    for (const [label, database] of Object.entries(affected)) {
      const own = answers.filter((a) => a.label === label);
      expect([label, own.length > 0]).toEqual([label, true]);
      // the outage is seen: the route answers 503, and says which database is down
      const refused = own.filter((a) => a.answer.status === 503);
      expect([label, refused.length > 0]).toEqual([label, true]);
      const named = refused.filter((a) => String(a.answer.body?.detail).includes(database));
      expect([label, named.length > 0]).toEqual([label, true]);
    }
    const slow = answers.filter((a) => a.answer.ms > MAX_ANSWER_MS).map((a) => a.label);
    expect(slow).toEqual([]);
  }

  async function recovers(labels: string[], instances: Instance[]) {
    const back = Date.now();
    lastReadiness.clear();
    await expecting5xx(() =>
      waitFor(async () => (await Promise.all(instances.map(ready))).every(Boolean), {
        timeoutMs: 60_000,
        intervalMs: 250,
        label: 'readiness to return',
      }),
    ).catch((error: Error) => {
      throw new Error(`${error.message}; readiness said:\n${readinessSaid()}`);
    });
    for (const label of labels) {
      const probe = probes().find((p) => p.label === label)!;
      await expecting5xx(() =>
        waitFor(
          async () => {
            const answer = await probe.send();
            if (answer.status >= 300) expect([label, answer.status]).toEqual([label, 503]);
            return answer.status < 300;
          },
          { timeoutMs: 30_000, intervalMs: 200, label: `${label} to succeed again` },
        ),
      );
    }
    return Date.now() - back;
  }

  /** `affected`: each route that must see the outage, and the words its 503 names it with. */
  async function outage(
    server: DatabaseServer,
    affected: Record<string, string>,
    instances: () => Instance[],
  ) {
    stopped.add(server);
    await stopDatabase(server);
    let answers: { label: string; answer: Answer }[];
    try {
      const started = Date.now();
      // readiness of every instance on that database must turn false during the outage (another
      // suite's global setup may bring a stopped server back early, so it is not checked after)
      [answers] = await Promise.all([
        traffic(OUTAGE_MS),
        waitFor(async () => !(await Promise.all(instances().map(ready))).some(Boolean), {
          timeoutMs: OUTAGE_MS,
          intervalMs: 250,
          label: `readiness to turn false while ${server} is down`,
        }),
      ]);
      report(`database down (${server})`, {
        outageMs: Date.now() - started,
        answers: answers.length,
        refused: answers.filter((a) => a.answer.status === 503).length,
        latency: summary(answers.map((a) => a.answer.ms)),
      });
    } finally {
      await startServers();
      stopped.delete(server);
    }
    checkOutage(answers, affected);
    const recoveredMs = await recovers(Object.keys(affected), instances());
    report(`database down (${server} recovery)`, { recoveredMs });
  }

  it('MariaDB down: orders and inventory answer 503 with Retry-After, readiness false, then recover', () =>
    outage(
      'mariadb',
      {
        'POST /api/orders': 'orders database',
        'GET /api/orders': 'orders database',
        'GET /api/inventory': 'inventory database',
      },
      () => [...fleet.order, ...fleet.inventory],
    ));

  it('FerretDB down: catalog and notifications answer 503 with Retry-After, readiness false, then recover', () =>
    outage(
      'ferretdb',
      {
        'GET /api/products/{id}': 'catalog database',
        'GET /api/notifications': 'notifications database',
      },
      () => [...fleet.product, fleet.notification!],
    ));

  it('takes orders again after both outages', async () => {
    const answer = await place();
    expect(answer.status).toBe(201);
  });

  it('answered no 5xx other than the 503s of the outages', () => {
    expect(unexpected5xx()).toEqual([]);
  });
});
