import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { endSpan, startPublishSpan } from './trace-context';

export interface OutboxMessage {
  id: string;
  topic: string;
  key: string;
  /** The serialized CloudEvent. */
  value: string;
  /** The trace context of the write that stored it (W3C), published as message headers. */
  traceparent?: string | null;
  tracestate?: string | null;
}

/** Where pending events live; `withBatch` hands out a batch only one relay instance holds at a time. */
export interface OutboxStore {
  withBatch(limit: number, publish: (batch: OutboxMessage[]) => Promise<void>): Promise<number>;
}

export interface OutboxRelayOptions {
  /** Pause when nothing is pending: local writes nudge the relay, so this only bounds how late a
   * row written elsewhere (another instance's busy moment, a crash) goes out. */
  idleMs?: number;
  /** How long a nudged pass waits so a burst of writes shares it (each pass costs a transaction). */
  lingerMs?: number;
  batchSize?: number;
  maxBackoffMs?: number;
}

/** A nudged pass that found nothing looks again this soon (the lease's holder commits meanwhile). */
const RETRY_AFTER_BUSY_MS = 50;

/**
 * Publishes pending outbox rows in order, at least once: rows are marked sent only after Kafka
 * acknowledged them, so a crash in between republishes (consumers dedupe on the event id).
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private dueAt = 0;
  private running = false;
  /** A write nudged while a pass ran: its row may have missed that pass's read. */
  private nudged = false;
  /** The pending pass was asked for by a local write (not the idle poll). */
  private forWrite = false;
  /** A nudged pass found nothing: the lease may have been another instance's; one look again. */
  private retried = false;
  private stopped = true;
  private connected = false;
  private backoffMs = 0;
  private pass?: Promise<void>;

  constructor(
    private readonly store: OutboxStore,
    private readonly producer: Producer,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Called after a local write so its event goes out now rather than at the next poll. */
  nudge(): void {
    if (this.stopped || this.backoffMs > 0) return;
    if (this.running) {
      this.nudged = true;
      return;
    }
    const linger = this.options.lingerMs ?? 5;
    this.forWrite = true;
    this.retried = false;
    // a pass already due sooner is never pushed back by later nudges
    if (this.timer === undefined || this.dueAt > Date.now() + linger) this.schedule(linger);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.dueAt = Date.now() + ms;
    // out of the nudging request's trace: a pass publishes many requests' events, each in a span
    // of its own row's trace, and its polling queries belong to no trace
    const run = context.bind(ROOT_CONTEXT, () => {
      this.timer = undefined;
      this.pass = this.tick();
    });
    this.timer = setTimeout(run, ms);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.nudged = false;
    const forWrite = this.forWrite;
    this.forWrite = false;
    let next = this.options.idleMs ?? 2000;
    try {
      const batchSize = this.options.batchSize ?? 200;
      const sent = await this.store.withBatch(batchSize, (batch) => this.publish(batch));
      this.backoffMs = 0;
      // a full batch leaves more behind; after a partial one, writes made meanwhile linger a bit
      if (sent === batchSize) next = 0;
      else if (sent > 0 || this.nudged) next = this.options.lingerMs ?? 5;
      else if (forWrite && !this.retried) {
        // our write's pass found nothing: another instance held the lease (and may have read
        // before our commit); look once more soon instead of at the idle poll
        this.retried = true;
        this.forWrite = true;
        next = RETRY_AFTER_BUSY_MS;
      }
    } catch (error) {
      this.backoffMs = Math.min(
        Math.max(this.backoffMs * 2, 250),
        this.options.maxBackoffMs ?? 5000,
      );
      next = this.backoffMs;
      this.logger.warn({ err: String(error), retryInMs: next }, 'outbox relay failed; backing off');
    } finally {
      this.running = false;
    }
    if (!this.stopped) this.schedule(next);
  }

  private async publish(batch: OutboxMessage[]): Promise<void> {
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    const byTopic = new Map<
      string,
      { key: string; value: string; headers?: Record<string, string> }[]
    >();
    const spans = batch.map((m) => {
      const { span, headers } = startPublishSpan(m.topic, m, {
        'messaging.message.id': m.id,
        'messaging.kafka.message.key': m.key,
      });
      const list = byTopic.get(m.topic) ?? [];
      // no headers at all for a row written outside a trace
      list.push({ key: m.key, value: m.value, ...(headers.traceparent ? { headers } : {}) });
      byTopic.set(m.topic, list);
      return span;
    });
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      for (const span of spans) endSpan(span);
    } catch (error) {
      for (const span of spans) endSpan(span, error);
      this.connected = false;
      await this.producer.disconnect().catch(() => undefined);
      throw error;
    }
  }
}
