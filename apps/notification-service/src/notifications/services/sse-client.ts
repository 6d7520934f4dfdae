import type { ServerResponse } from 'node:http';
import { NotificationView } from '../dto/notification.dto';

/** A slow client holding this much unsent data is dropped; it reconnects with Last-Event-ID. */
const MAX_BUFFERED = 1024 * 1024;

/** One open Server-Sent Events response. */
export class SseClient {
  /** Highest cursor sent (or known to the client). */
  sentUpTo: number;
  private closed = false;

  constructor(
    private readonly raw: ServerResponse,
    readonly reader: string,
    readonly audiences: readonly string[],
    startAfter: number,
  ) {
    this.sentUpTo = startAfter;
  }

  get isOpen(): boolean {
    return !this.closed && !this.raw.destroyed;
  }

  open(retryMs: number): void {
    this.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // proxies must not buffer the stream
      'x-accel-buffering': 'no',
    });
    this.raw.write(`retry: ${retryMs}\n: connected\n\n`);
  }

  send(cursor: number, view: NotificationView): void {
    if (!this.isOpen || cursor <= this.sentUpTo) return;
    this.sentUpTo = cursor;
    this.raw.write(`id: ${cursor}\nevent: notification\ndata: ${JSON.stringify(view)}\n\n`);
    if (this.raw.writableLength > MAX_BUFFERED) this.close();
  }

  heartbeat(): void {
    if (this.isOpen) this.raw.write(`: heartbeat ${new Date().toISOString()}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.raw.end();
  }
}
