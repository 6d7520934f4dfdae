import mongoose from 'mongoose';
import type { ScenarioResult } from '../lib/report';
import { waitFor } from '@mstore/testing';
import type { BenchContext } from './context';

const ORDERS = 60;
const GAP_MS = 100;

/** Order placed (201 seen by the client) → its notification stored by notification-service. */
export async function eventLatencyScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const conn = await mongoose
    .createConnection(ctx.fleet.env.MONGO_URL, { dbName: ctx.fleet.notificationDb })
    .asPromise();
  const notifications = () => conn.db?.collection<NotificationRow>('notifications');
  try {
    await warmUp(ctx, notifications);
    return await measure(ctx, notifications);
  } finally {
    await conn.close();
  }
}

interface NotificationRow {
  subject: string;
  createdAt: Date;
}
type Notifications = () => mongoose.mongo.Collection<NotificationRow> | undefined;

async function warmUp(ctx: BenchContext, notifications: Notifications): Promise<void> {
  // one order whose notification arrives proves the consumer has joined its group
  await waitFor(
    async () => {
      const response = await placeOne(ctx, ctx.tokens[0], ctx.skus[0]);
      if (response.status !== 201) return false;
      const { id } = (await response.json()) as { id: string };
      return waitFor(async () => (await notifications()?.countDocuments({ subject: id })) ?? 0, {
        timeoutMs: 5000,
        intervalMs: 100,
      }).catch(() => false);
    },
    { timeoutMs: 90_000, intervalMs: 500, label: 'the first order notification' },
  );
}

async function measure(ctx: BenchContext, notifications: Notifications): Promise<ScenarioResult> {
  const placedAt = new Map<string, number>();
  for (let i = 0; i < ORDERS; i++) {
    const response = await placeOne(ctx, ctx.tokens[i], ctx.skus[i % ctx.skus.length]);
    const at = Date.now();
    if (response.status !== 201)
      throw new Error(`order ${i}: ${response.status} ${await response.text()}`);
    placedAt.set(((await response.json()) as { id: string }).id, at);
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  try {
    const ids = [...placedAt.keys()];
    const stored = await waitFor(
      async () => {
        const docs = await notifications()
          ?.find({ subject: { $in: ids } }, { projection: { subject: 1, createdAt: 1 } })
          .toArray();
        const first = new Map<string, number>();
        for (const d of docs ?? [])
          first.set(
            d.subject,
            Math.min(first.get(d.subject) ?? Infinity, new Date(d.createdAt).getTime()),
          );
        return first.size === ids.length ? first : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, label: 'every order notification to be stored' },
    );
    const latencies = ids
      .map((id) => (stored.get(id) as number) - (placedAt.get(id) as number))
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
    const p50 = pct(0.5);
    const p99 = pct(0.99);
    return {
      name: 'event-latency',
      value: p50,
      baseline: null,
      ratio: null,
      target: 'p99 < 250 ms',
      p99Ms: p99,
      met: p99 < 250,
      unit: 'ms p50',
      details: {
        orders: ORDERS,
        gapMs: GAP_MS,
        min: latencies[0],
        max: latencies[latencies.length - 1],
      },
    };
  } finally {
    // the caller closes the connection
  }
}

function placeOne(ctx: BenchContext, token: string, sku: string): Promise<Response> {
  return fetch(`${ctx.fleet.gateway.baseUrl}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ lines: [{ sku, quantity: 1 }] }),
  });
}
