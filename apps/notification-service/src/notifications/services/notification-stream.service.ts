import { BeforeApplicationShutdown, Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { APP_CONFIG, APP_LOGGER } from '@mstore/platform';
import { AppConfig } from '../../config';
import { toView } from '../dto/notification.dto';
import { audiencesOf, NotificationRecord } from '../notification.model';
import { NotificationRepository } from '../repositories/notification.repository';
import { FeedPoller } from './feed-poller.service';
import { SseClient } from './sse-client';

const REPLAY_BATCH = 500;

/** `Last-Event-ID` is a cursor we issued: a non-negative integer, anything else is ignored. */
export const parseLastEventId = (header: string | undefined): number | undefined =>
  header !== undefined && /^\d{1,15}$/.test(header.trim()) ? Number(header.trim()) : undefined;

/**
 * The live feed: replays what a reconnecting client missed, then forwards what the poller finds.
 * It follows the poller only while a stream is open here, so an instance without streams keeps
 * the poller at its idle pace (and sends no heartbeats to nobody).
 */
@Injectable()
export class NotificationStreamService implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly clients = new Set<SseClient>();
  /** Clients still replaying: live notifications wait here so order holds. */
  private readonly pending = new Map<SseClient, NotificationRecord[]>();
  private heartbeat?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(
    private readonly poller: FeedPoller,
    private readonly repository: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** The first open stream: the poller's live pace and the heartbeat start. */
  private follow(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.poller.subscribe((batch) => this.broadcast(batch));
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.heartbeat();
    }, this.config.STREAM_HEARTBEAT_MS);
  }

  /** The last stream closed: back to the poller's idle pace. */
  private unfollowIfIdle(): void {
    if (this.clients.size > 0) return;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Whether this service is following the poller (a stream is open). */
  get following(): boolean {
    return this.unsubscribe !== undefined;
  }

  onModuleDestroy(): void {
    this.closeAll();
  }

  /** Open streams would hold the HTTP server open past shutdown; clients reconnect elsewhere. */
  beforeApplicationShutdown(): void {
    this.closeAll();
  }

  get openStreams(): number {
    return this.clients.size;
  }

  async open(
    reader: { sub: string; admin: boolean },
    lastEventId: string | undefined,
    raw: ServerResponse,
  ): Promise<void> {
    const resumeAfter = parseLastEventId(lastEventId);
    // followed, registered and measured in one synchronous step: everything after `upTo` arrives live
    this.follow();
    const upTo = this.poller.cursor;
    const client = new SseClient(
      raw,
      reader.sub,
      audiencesOf(reader),
      Math.max(resumeAfter ?? upTo, 0),
    );
    this.clients.add(client);
    const maxAge = setTimeout(() => client.close(), this.config.STREAM_MAX_AGE_MS);
    raw.on('close', () => {
      clearTimeout(maxAge);
      this.clients.delete(client);
      this.pending.delete(client);
      this.unfollowIfIdle();
    });
    client.open(2000);
    if (resumeAfter === undefined || resumeAfter >= upTo) return;
    this.pending.set(client, []);
    try {
      await this.replay(client, upTo);
    } catch (error) {
      this.logger.warn(
        { err: String(error) },
        'stream replay failed; closing so the client retries',
      );
      client.close();
    }
    const queued = this.pending.get(client) ?? [];
    this.pending.delete(client);
    this.deliver(client, queued);
  }

  private async replay(client: SseClient, upTo: number): Promise<void> {
    for (;;) {
      const docs = await this.repository.after(
        client.sentUpTo,
        REPLAY_BATCH,
        [...client.audiences],
        upTo,
      );
      this.deliver(client, docs);
      if (docs.length < REPLAY_BATCH || !client.isOpen) return;
    }
  }

  private broadcast(batch: NotificationRecord[]): void {
    for (const client of this.clients) {
      const queued = this.pending.get(client);
      if (queued) queued.push(...batch);
      else this.deliver(client, batch);
    }
  }

  private deliver(client: SseClient, docs: NotificationRecord[]): void {
    for (const doc of docs) {
      if (client.audiences.includes(doc.audience)) client.send(doc.seq, toView(doc, client.reader));
    }
  }

  private closeAll(): void {
    for (const client of this.clients) client.close();
    this.clients.clear();
    this.unfollowIfIdle();
  }
}
