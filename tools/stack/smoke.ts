// Smoke test of the running local stack, as the apps will use it:
//   npx tsx tools/stack/smoke.ts
// (with --restart-kafka it also stops and restarts Kafka through the API.)
import { setTimeout as sleep } from 'node:timers/promises';
import { eurekaRequest } from './servers/eureka';
import { TOPICS, ensureServers, startServer, stopServer, type StackEnv } from './servers';

process.removeAllListeners('warning'); // kafkajs#1751 TimeoutNegativeWarning on Node 24

let passed = 0;
let failed = 0;
async function check(name: string, fn: () => Promise<unknown>): Promise<void> {
  const t0 = Date.now();
  try {
    const detail = await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)${detail ? `: ${String(detail)}` : ''}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}
async function token(
  env: StackEnv,
  form: Record<string, string>,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${env.KEYCLOAK_URL}/realms/mstore/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return claims(((await res.json()) as { access_token: string }).access_token);
}
const roles = (c: Record<string, unknown>) => (c.realm_access as { roles: string[] }).roles;

async function kafkaTopics(brokers: string): Promise<string[]> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const env = await ensureServers({ quiet: true });

  await check('mariadb: mstore can use orders, inventory and mstore_test_* databases', async () => {
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection(`${env.MYSQL_URL}/orders`);
    try {
      await conn.query('CREATE DATABASE IF NOT EXISTS mstore_test_smoke');
      await conn.query('DROP DATABASE mstore_test_smoke');
      await conn.query('CREATE TABLE inventory.smoke (id INT PRIMARY KEY)');
      await conn.query('DROP TABLE inventory.smoke');
      const [rows] = await conn.query('SELECT @@max_connections AS m');
      return `max_connections=${(rows as { m: number }[])[0].m}`;
    } finally {
      await conn.end();
    }
  });

  await check('ferretdb: ping, insert and find', async () => {
    const { default: mongoose } = await import('mongoose');
    const conn = await mongoose.createConnection(env.MONGO_URL, { dbName: 'smoke' }).asPromise();
    try {
      const db = conn.db;
      assert(db, 'no database handle');
      assert((await db.admin().ping()).ok === 1, 'ping failed');
      const col = db.collection('items');
      await col.insertOne({ sku: 'SMOKE-1', price: 1999 });
      const doc = await col.findOne({ sku: 'SMOKE-1' });
      assert(doc?.price === 1999, 'document not found');
      await db.dropDatabase();
    } finally {
      await conn.close();
    }
  });

  await check('kafka: topics and dead-letter topics exist', async () => {
    const topics = await kafkaTopics(env.KAFKA_BROKERS);
    for (const t of TOPICS)
      assert(topics.includes(t) && topics.includes(`${t}.dlq`), `missing ${t} or ${t}.dlq`);
  });

  await check('keycloak: alice password grant has sub, fixed iss and customer role', async () => {
    const c = await token(env, {
      grant_type: 'password',
      client_id: 'storefront',
      username: 'alice',
      password: 'alice',
    });
    assert(typeof c.sub === 'string', 'no sub');
    assert(c.iss === 'http://localhost:8180/realms/mstore', `iss is ${String(c.iss)}`);
    assert(
      roles(c).includes('customer') && !roles(c).includes('admin'),
      `roles ${roles(c).join(',')}`,
    );
  });

  await check(
    'keycloak: admin has admin and customer; issuer fixed via 127.0.0.1 too',
    async () => {
      const c = await token(
        { ...env, KEYCLOAK_URL: env.KEYCLOAK_URL.replace('localhost', '127.0.0.1') },
        { grant_type: 'password', client_id: 'storefront', username: 'admin', password: 'admin' },
      );
      assert(c.iss === 'http://localhost:8180/realms/mstore', `iss is ${String(c.iss)}`);
      assert(
        roles(c).includes('admin') && roles(c).includes('customer'),
        `roles ${roles(c).join(',')}`,
      );
    },
  );

  await check(
    'keycloak: mstore-service client credentials carry the service role only',
    async () => {
      const c = await token(env, {
        grant_type: 'client_credentials',
        client_id: 'mstore-service',
        client_secret: 'mstore-service-secret',
      });
      assert(typeof c.sub === 'string', 'no sub');
      assert(
        roles(c).includes('service') && !roles(c).includes('customer'),
        `roles ${roles(c).join(',')}`,
      );
    },
  );

  await check('eureka: 401 without credentials, register and deregister with them', async () => {
    const { url, headers } = eurekaRequest(env.EUREKA_URL);
    const base = url.endsWith('/') ? url : `${url}/`;
    assert((await fetch(`${base}apps`)).status === 401, 'no 401 without credentials');
    const instance = {
      instance: {
        instanceId: 'smoke-1',
        hostName: '127.0.0.1',
        app: 'SMOKE',
        ipAddr: '127.0.0.1',
        status: 'UP',
        port: { $: 1, '@enabled': true },
        dataCenterInfo: {
          '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo',
          name: 'MyOwn',
        },
      },
    };
    const json = { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' };
    const reg = await fetch(`${base}apps/SMOKE`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(instance),
    });
    assert(reg.status === 204, `register answered ${reg.status}`);
    const got = await fetch(`${base}apps/SMOKE`, { headers: json });
    assert(got.status === 200, `lookup answered ${got.status}`);
    const del = await fetch(`${base}apps/SMOKE/smoke-1`, { method: 'DELETE', headers });
    assert(del.status === 200, `deregister answered ${del.status}`);
  });

  if (process.argv.includes('--restart-kafka')) {
    for (let round = 1; round <= 2; round++) {
      await check(`kafka: stop and start through the API (round ${round})`, async () => {
        let t0 = Date.now();
        assert(await stopServer('kafka'), 'kafka was not running (given by KAFKA_BROKERS?)');
        const stopped = Date.now() - t0;
        await sleep(2000);
        t0 = Date.now();
        assert(await startServer('kafka'), 'kafka did not start');
        const topics = await kafkaTopics(env.KAFKA_BROKERS);
        assert(topics.includes('order-events'), 'topics lost');
        return `stop ${stopped} ms, start ${Date.now() - t0} ms`;
      });
    }
  }

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
