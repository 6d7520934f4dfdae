import { recordAnswer } from './http-client';

export interface StreamEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A Server-Sent Events client over fetch: collects events until closed. */
export class EventStream {
  readonly events: StreamEvent[] = [];
  status = 0;
  contentType = '';
  private readonly controller = new AbortController();
  private done?: Promise<void>;

  static async open(url: string, token: string): Promise<EventStream> {
    const stream = new EventStream();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: stream.controller.signal,
    });
    stream.status = response.status;
    stream.contentType = response.headers.get('content-type') ?? '';
    recordAnswer('GET', new URL(url).pathname, response.status);
    if (response.body) stream.done = stream.read(response.body);
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  private parse(block: string): void {
    const event: StreamEvent = { data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // comment / heartbeat
      const at = line.indexOf(':');
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
    }
    if (data.length === 0) return;
    event.data = data.join('\n');
    this.events.push(event);
  }

  /** Parsed JSON payloads of the events received so far. */
  payloads<T = Record<string, unknown>>(): T[] {
    return this.events.flatMap((e) => {
      try {
        return [JSON.parse(e.data) as T];
      } catch {
        return [];
      }
    });
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
