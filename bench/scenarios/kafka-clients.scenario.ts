import {
  Consumer as PlatformaticConsumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer as PlatformaticProducer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { cpuUsage } from 'node:process';
import type { ScenarioResult } from '../lib/report';
import type { BenchContext } from './context';

// The same work through each client, in this process, against the real broker: a batched produce
// (idempotent, acks=all: the outbox relay's settings), a consume of it from the start, and one
// message at a time produced and awaited on a subscribed consumer (an event's hop).
const MESSAGES = 20_000;
const BATCH = 100;
const ROUND_TRIPS = 300;
const PAYLOAD = JSON.stringify({ type: 'order.placed', data: { lines: 'x'.repeat(400) } });

interface ClientFigures {
  producePerSec: number;
  produceCpuUsPerMsg: number;
  consumePerSec: number;
  consumeCpuUsPerMsg: number;
  roundTripP50Ms: number;
  roundTripP99Ms: number;
}

interface Client {
  produce(topic: string, values: string[]): Promise<void>;
  /** Resolves after `count` messages of the topic were read from its start. */
  consumeAll(topic: string, count: number): Promise<void>;
  /** A subscribed consumer: `next()` resolves with the next message's value. */
  subscribe(topic: string): Promise<{ next(): Promise<string>; close(): Promise<void> }>;
  close(): Promise<void>;
}

function kafkajsClient(brokers: string[]): Client {
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const connected = producer.connect();
  return {
    async produce(topic, values) {
      await connected;
      await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
    },
    async consumeAll(topic, count) {
      const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let seen = 0;
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachBatch: async ({ batch }) => {
            seen += batch.messages.length;
            if (seen >= count) resolve();
          },
        });
      });
      await consumer.disconnect();
    },
    async subscribe(topic) {
      const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const queue = waiterQueue();
      void consumer.run({ eachMessage: async ({ message }) => queue.push(String(message.value)) });
      return { next: queue.next, close: () => consumer.disconnect() };
    },
    close: () => producer.disconnect(),
  };
}

function platformaticClient(brokers: string[]): Client {
  const producer = new PlatformaticProducer({
    clientId: 'bench-platformatic',
    bootstrapBrokers: brokers,
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
  });
  const consumer = (groupId: string) =>
    new PlatformaticConsumer({
      clientId: 'bench-platformatic',
      groupId,
      bootstrapBrokers: brokers,
      deserializers: stringDeserializers,
      maxWaitTime: 100,
    });
  return {
    async produce(topic, values) {
      await producer.send({ messages: values.map((value) => ({ topic, value })) });
    },
    async consumeAll(topic, count) {
      const c = consumer(`bench-${randomUUID()}`);
      const stream = await c.consume({
        topics: [topic],
        mode: MessagesStreamModes.EARLIEST,
        autocommit: true,
      });
      let seen = 0;
      await new Promise<void>((resolve) => {
        stream.on('data', () => {
          if (++seen >= count) resolve();
        });
      });
      await stream.close();
      await c.close(true);
    },
    async subscribe(topic) {
      const c = consumer(`bench-${randomUUID()}`);
      const stream = await c.consume({
        topics: [topic],
        mode: MessagesStreamModes.EARLIEST,
        autocommit: true,
      });
      const queue = waiterQueue();
      stream.on('data', (m: { value: string }) => queue.push(m.value));
      return {
        next: queue.next,
        close: async () => {
          await stream.close();
          await c.close(true);
        },
      };
    },
    close: () => producer.close(),
  };
}

function waiterQueue() {
  const values: string[] = [];
  const waiters: ((v: string) => void)[] = [];
  return {
    push(v: string) {
      const w = waiters.shift();
      if (w) w(v);
      else values.push(v);
    },
    next(): Promise<string> {
      const v = values.shift();
      return v !== undefined ? Promise.resolve(v) : new Promise((r) => waiters.push(r));
    },
  };
}

async function timed(work: () => Promise<void>): Promise<{ ms: number; cpuUs: number }> {
  const cpu = cpuUsage();
  const start = performance.now();
  await work();
  const used = cpuUsage(cpu);
  return { ms: performance.now() - start, cpuUs: used.user + used.system };
}

/** The broker does not create topics on first use (as in production): made here, one partition each. */
async function createTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}

async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).finally(() => admin.disconnect());
}

async function measure(client: Client, brokers: string[], prefix: string): Promise<ClientFigures> {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  const hopTopic = `${topic}-hop`;
  await createTopics(brokers, [topic, hopTopic]);
  try {
    return await measureOn(client, topic, hopTopic);
  } finally {
    await deleteTopics(brokers, [topic, hopTopic]).catch(() => undefined);
  }
}

async function measureOn(client: Client, topic: string, hopTopic: string): Promise<ClientFigures> {
  await client.produce(topic, [PAYLOAD]); // creates the topic, connects
  const produce = await timed(async () => {
    for (let sent = 0; sent < MESSAGES; sent += BATCH)
      await client.produce(topic, Array.from({ length: BATCH }, () => PAYLOAD));
  });
  const consume = await timed(() => client.consumeAll(topic, MESSAGES + 1));

  await client.produce(hopTopic, ['warm-up']);
  const sub = await client.subscribe(hopTopic);
  await sub.next();
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = performance.now();
    await client.produce(hopTopic, [String(i)]);
    while ((await sub.next()) !== String(i));
    samples.push(performance.now() - start);
  }
  await sub.close();
  if (samples.length !== ROUND_TRIPS) throw new Error(`${topic}: ${samples.length} round trips`);
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return {
    producePerSec: MESSAGES / (produce.ms / 1000),
    produceCpuUsPerMsg: produce.cpuUs / MESSAGES,
    consumePerSec: MESSAGES / (consume.ms / 1000),
    consumeCpuUsPerMsg: consume.cpuUs / MESSAGES,
    roundTripP50Ms: at(0.5),
    roundTripP99Ms: at(0.99),
  };
}

/** kafkajs (in use) against @platformatic/kafka on the same broker, alternating, best of two. */
export async function kafkaClientsScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const brokers = ctx.fleet.env.KAFKA_BROKERS.split(',');
  const rounds: { kafkajs: ClientFigures; platformatic: ClientFigures }[] = [];
  for (let round = 0; round < 2; round++) {
    const a = kafkajsClient(brokers);
    const b = platformaticClient(brokers);
    try {
      rounds.push({
        kafkajs: await measure(a, brokers, 'bench-kafkajs'),
        platformatic: await measure(b, brokers, 'bench-platformatic'),
      });
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
    }
  }
  const best = (k: 'kafkajs' | 'platformatic') =>
    rounds.map((r) => r[k]).reduce((x, y) => (y.producePerSec > x.producePerSec ? y : x));
  const kafkajs = best('kafkajs');
  const platformatic = best('platformatic');
  const ratio = platformatic.producePerSec / kafkajs.producePerSec;
  return {
    name: 'kafka-clients',
    value: platformatic.producePerSec,
    baseline: kafkajs.producePerSec,
    ratio,
    target: 'a record: @platformatic/kafka ÷ kafkajs (produce msgs/s; consume and one hop in details)',
    p99Ms: platformatic.roundTripP99Ms,
    baselineP99Ms: kafkajs.roundTripP99Ms,
    met: true,
    unit: 'msgs/s',
    details: { kafkajs, platformatic, rounds, messages: MESSAGES, batch: BATCH },
  };
}
