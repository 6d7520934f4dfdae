// Apache Kafka 3.9.1 in KRaft combined mode (one node: broker + controller),
// jars from Maven Central via infra/kafka/pom.xml, cached per pom hash.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, dataDir, ensureDir, infraDir } from '../paths';
import { spawnDetached } from '../process';
import { growth, say, step } from '../progress';
import {
  chosen,
  classDataSharing,
  hashFiles,
  mavenRepo,
  pickJdk,
  requireMaven,
  run,
  type Jdk,
} from '../util';
import type { Server } from './types';
import { ALL_TOPICS } from '@mstore/contracts';

const VERSION = '3.9.1';
const PORT = 9092;
const CONTROLLER_PORT = 9093;
const home = join(dataDir, 'kafka');
const logDirs = join(home, 'kraft-logs');

export const TOPICS: readonly string[] = ALL_TOPICS;

const libsDir = () =>
  join(cacheDir, 'kafka', `${VERSION}-${hashFiles(infraDir, ['kafka/pom.xml'])}`, 'libs');

let jdk: Jdk | undefined;

const serverProperties = `# Written by tools/stack/servers/kafka.ts on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${logDirs}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
# Fewer internal partitions than the default 50: faster first consumer group on 2 cores.
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
# After a kill -9 the new incarnation must wait for the old broker session to
# expire (default 9 s); tests stop/start Kafka, so keep that short.
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000
log.retention.hours=168
log.segment.bytes=104857600
`;

const log4jProperties = `# Written by tools/stack/servers/kafka.ts: everything to stdout (.stack/logs/kafka.log).
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.coordinator=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.log=WARN
`;

async function kafkaAdmin<T>(
  brokers: string,
  fn: (admin: import('kafkajs').Admin) => Promise<T>,
): Promise<T> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({
    clientId: 'mstore-stack',
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function healthy(brokers: string): Promise<boolean> {
  try {
    return await kafkaAdmin(brokers, async (a) => (await a.describeCluster()).brokers.length > 0);
  } catch {
    return false;
  }
}

function java(jvmArgs: string[], mainClass: string, args: string[]): [string, string[]] {
  return [
    join(chosen(jdk, 'kafka').home, 'bin', 'java'),
    [
      ...jvmArgs,
      `-Dlog4j.configuration=file:${join(home, 'log4j.properties')}`,
      '-cp',
      `${libsDir()}/*`,
      mainClass,
      ...args,
    ],
  ];
}

export const kafka: Server = {
  name: 'kafka',
  envVar: 'KAFKA_BROKERS',
  defaultUrl: `127.0.0.1:${PORT}`,
  port: PORT,
  healthy,
  fatal: /FATAL|Exiting Kafka|Shutting down broker because/,

  check() {
    // Kafka 3.9 supports JDK 8-21; 23+ drops Subject.getSubject (SASL paths), so stay on 17-22.
    jdk = pickJdk('Kafka 3.9', 17, 22);
    if (!existsSync(libsDir())) requireMaven();
  },

  async prepare(ctx) {
    this.check();
    const libs = libsDir();
    if (!existsSync(libs)) {
      const mvn = requireMaven();
      const tmp = `${libs}.${process.pid}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      await step(
        'kafka',
        `downloading Apache Kafka ${VERSION} jars`,
        () =>
          run(
            mvn,
            [
              '-B',
              '-f',
              join(infraDir, 'kafka', 'pom.xml'),
              'dependency:copy-dependencies',
              `-DoutputDirectory=${tmp}`,
              '-DincludeScope=runtime',
            ],
            { logName: 'build-kafka', signal: ctx.signal },
          ),
        {
          note: 'Maven Central, ~70 MB, first time only',
          detail: growth(mavenRepo(), 'Maven downloads, all steps: '),
          done: 'downloaded',
        },
      );
      renameSync(tmp, libs);
      say('kafka', `${readdirSync(libs).length} jars in ${libs}`);
    }
    ensureDir(home);
    writeFileSync(join(home, 'server.properties'), serverProperties);
    writeFileSync(join(home, 'log4j.properties'), log4jProperties);
    if (!existsSync(join(logDirs, 'meta.properties'))) {
      // KRaft storage must be formatted once with a cluster id (22 chars, base64url of 16 bytes).
      const clusterId = randomBytes(16).toString('base64url');
      const [cmd, args] = java(['-Xmx256m'], 'kafka.tools.StorageTool', [
        'format',
        '-t',
        clusterId,
        '-c',
        join(home, 'server.properties'),
      ]);
      await run(cmd, args, { logName: 'kafka-format', signal: ctx.signal });
    }
  },

  async start() {
    const [cmd, args] = java(
      [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-Djava.awt.headless=true',
        ...classDataSharing(chosen(jdk, 'kafka'), join(dirname(libsDir()), 'kafka.jsa')),
      ],
      'kafka.Kafka',
      [join(home, 'server.properties')],
    );
    spawnDetached('kafka', cmd, args, { cwd: home });
  },

  /** Creates the topics and their dead-letter topics when missing (idempotent). */
  async setup(brokers: string) {
    await kafkaAdmin(brokers, async (admin) => {
      const existing = new Set(await admin.listTopics());
      const wanted = [
        ...TOPICS.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
        ...TOPICS.map((t) => ({ topic: `${t}.dlq`, numPartitions: 1, replicationFactor: 1 })),
      ].filter((t) => !existing.has(t.topic));
      if (wanted.length === 0) return;
      await admin.createTopics({ topics: wanted, waitForLeaders: true });
      say('kafka', `created topics ${wanted.map((t) => t.topic).join(', ')}`);
    });
  },
};
