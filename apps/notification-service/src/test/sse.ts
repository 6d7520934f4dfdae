export interface SseEvent {
  id?: string;
  event?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  data: any;
  receivedAt: number;
}

/**
 * A Server-Sent Events client over fetch (EventSource cannot send an Authorization header).
 * Collects events and comment lines (heartbeats) as they arrive.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  contentType = '';
  error: unknown;
  private readonly abort = new AbortController();
  private done?: Promise<void>;

  static async open(url: string, token: string, lastEventId?: string): Promise<SseReader> {
    const reader = new SseReader();
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
    };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await fetch(url, { headers, signal: reader.abort.signal });
    reader.status = response.status;
    reader.contentType = response.headers.get('content-type') ?? '';
    if (response.body) reader.done = reader.pump(response.body);
    return reader;
  }

  get lastId(): string | undefined {
    return this.events.at(-1)?.id;
  }

  close(): void {
    this.abort.abort();
  }

  /** Settles when the server ended the stream (or close() was called). */
  async ended(): Promise<void> {
    await this.done;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (error) {
      // an abort is our own close(); anything else is kept for the test to look at
      if ((error as Error).name !== 'AbortError') this.error = error;
    }
  }

  private frame(text: string): void {
    const fields: Record<string, string> = {};
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else {
        const at = line.indexOf(':');
        const name = at < 0 ? line : line.slice(0, at);
        const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
        fields[name] = name in fields ? `${fields[name]}\n${value}` : value;
      }
    }
    if (fields['data'] === undefined) return;
    this.events.push({
      id: fields['id'],
      event: fields['event'],
      data: JSON.parse(fields['data']),
      receivedAt: Date.now(),
    });
  }
}
