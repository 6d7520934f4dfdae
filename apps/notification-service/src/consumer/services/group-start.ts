import type { Kafka } from 'kafkajs';

export interface StartPosition {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Commits explicit start offsets for a group that has no members (admin.setOffsets for several
 * topics at once, so the group rebalances once). A seek on an auto-committing consumer commits.
 */
export async function commitStartOffsets(
  kafka: Kafka,
  groupId: string,
  positions: StartPosition[],
): Promise<void> {
  const topics = [...new Set(positions.map((p) => p.topic))];
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
      for (const p of positions) consumer.seek(p);
    });
  } finally {
    await consumer.disconnect();
  }
}

/** Every partition of the topics with no committed offset means the group has never run. */
export async function startPositions(
  kafka: Kafka,
  groupId: string,
  topics: string[],
  from: 'earliest' | 'latest',
): Promise<StartPosition[] | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics });
    if (!committed.every((t) => t.partitions.every((p) => p.offset === '-1'))) return undefined;
    const positions: StartPosition[] = [];
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        positions.push({
          topic,
          partition: p.partition,
          offset: from === 'earliest' ? p.low : p.high,
        });
      }
    }
    return positions;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
