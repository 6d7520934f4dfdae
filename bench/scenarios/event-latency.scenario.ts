import mongoose from 'mongoose';
import type { ScenarioResult } from '../lib/report';
import { waitFor } from '../../libs/testing/src';
import type { BenchContext } from './context';

const ORDERS = 60;
const GAP_MS = 100;

/** Order placed (201 seen by the client) → its notification stored by notification-service. */
export async function eventLatencyScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const placedAt = new Map<string, number>();
  // the load before may have left order-service's breakers open: wait for one order to go through
  await waitFor(async () => (await placeOne(ctx, ctx.tokens[0], ctx.skus[0])).status === 201, {
    timeoutMs: 60_000,
    intervalMs: 1000,
    label: 'orders to be accepted again',
  });
  for (let i = 0; i < ORDERS; i++) {
    const response = await placeOne(ctx, ctx.tokens[i], ctx.skus[i % ctx.skus.length]);
    const at = Date.now();
    if (response.status !== 201)
      throw new Error(`order ${i}: ${response.status} ${await response.text()}`);
    placedAt.set(((await response.json()) as { id: string }).id, at);
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  const conn = await mongoose
    .createConnection(ctx.fleet.env.MONGO_URL, { dbName: 'notifications' })
    .asPromise();
  try {
    const ids = [...placedAt.keys()];
    const stored = await waitFor(
      async () => {
        const docs = await conn.db
          ?.collection<{ subject: string; createdAt: Date }>('notifications')
          .find({ subject: { $in: ids } }, { projection: { subject: 1, createdAt: 1 } })
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
    await conn.close();
  }
}

function placeOne(ctx: BenchContext, token: string, sku: string): Promise<Response> {
  return fetch(`${ctx.fleet.gateway.baseUrl}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ lines: [{ sku, quantity: 1 }] }),
  });
}
