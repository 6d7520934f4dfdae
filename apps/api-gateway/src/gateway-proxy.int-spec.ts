import { ServiceProcess, userToken, waitFor } from '@mstore/testing';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, startGateway } from './test/gateway-test-kit';

/**
 * What the proxy does to a request and an answer, seen by a plain HTTP upstream that reports what
 * arrived (real services cannot show the headers they were sent, nor hold a stream on demand).
 */
describe('api-gateway proxying', () => {
  let upstream: Server;
  let upstreamUrl: string;
  /** An instance that dies mid-request: it takes the connection, then drops it unanswered. */
  let flaky: Server;
  let flakyHits = 0;
  let gateway: ServiceProcess;
  let alice: string;
  const streamClosed: number[] = [];
  /** The upstream's open event streams, newest last. */
  const streams: ServerResponse[] = [];

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (request.url === '/api/orders/boom') {
        response.writeHead(500, { 'content-type': 'application/problem+json' });
        return response.end(
          JSON.stringify({
            type: 'x',
            title: 'Internal Server Error',
            status: 500,
            detail: 'from upstream',
          }),
        );
      }
      if (request.url?.startsWith('/api/inventory?boom')) {
        response.writeHead(500, { 'content-type': 'application/problem+json' });
        return response.end('{"type":"x","title":"Internal Server Error","status":500}');
      }
      if (request.url === '/api/notifications/stream') {
        response.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
        });
        // the test writes each event (`streams`), so it knows what the client must have seen
        response.flushHeaders();
        streams.push(response);
        response.on('close', () => streamClosed.push(Date.now()));
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/json',
        connection: 'keep-alive',
        'x-upstream': 'echo',
      });
      response.end(
        JSON.stringify({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  };

  beforeAll(async () => {
    alice = await userToken('alice');
    upstream = createServer(handle);
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    flaky = createServer((request) => (flakyHits++, request.socket.destroy()));
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    gateway = await startGateway({
      // the first order instance refuses connections; the stream must outlive the upstream timeout
      SERVICE_URLS: [
        `ORDER-SERVICE=http://127.0.0.1:9|${upstreamUrl}`,
        `NOTIFICATION-SERVICE=${upstreamUrl}`,
        `PRODUCT-SERVICE=${flakyUrl}|${upstreamUrl}`,
        `INVENTORY-SERVICE=${upstreamUrl}`,
      ].join(','),
      UPSTREAM_TIMEOUT_MS: '1000',
      BREAKER_RESET_MS: '2000',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const server of [upstream, flaky]) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  type Echo = { method: string; url: string; headers: Record<string, string>; body: string };

  it('forwards method, path, query, body and token, and sets the forwarding headers', async () => {
    const reply = await call(gateway.baseUrl, 'POST', '/api/orders?x=1', {
      token: alice,
      body: { lines: [{ sku: 'A', quantity: 1 }] },
      headers: { 'x-request-id': 'proxy-test-1', 'x-forwarded-for': '6.6.6.6' },
    });
    expect(reply.status).toBe(200);
    const echo = reply.json<Echo>();
    expect(echo).toMatchObject({
      method: 'POST',
      url: '/api/orders?x=1',
      body: '{"lines":[{"sku":"A","quantity":1}]}',
    });
    expect(echo.headers['authorization']).toBe(`Bearer ${alice}`);
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    expect(echo.headers['x-forwarded-host']).toBe(new URL(gateway.baseUrl).host);
    expect(echo.headers['x-request-id']).toBe('proxy-test-1');
    expect(echo.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(reply.headers.get('x-upstream')).toBe('echo');
    expect(reply.headers.get('x-request-id')).toBe('proxy-test-1');
  });

  it('keeps the trace id of an incoming traceparent and generates a request id when absent', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const reply = await call(gateway.baseUrl, 'GET', '/api/orders', {
      token: alice,
      headers: { traceparent },
    });
    const echo = reply.json<Echo>();
    expect(echo.headers['traceparent'].slice(0, 36)).toBe(traceparent.slice(0, 36));
    expect(echo.headers['traceparent']).not.toBe(traceparent);
    expect(echo.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get('x-request-id')).toBe(echo.headers['x-request-id']);
  });

  it('passes an upstream 5xx problem through as it is', async () => {
    const reply = await call(gateway.baseUrl, 'GET', '/api/orders/boom', { token: alice });
    expect(reply.status).toBe(500);
    expect(reply.json()).toMatchObject({ detail: 'from upstream' });
  });

  it('streams Server-Sent Events without buffering or a timeout, and ends the upstream with the client', async () => {
    const controller = new AbortController();
    const opened = streams.length;
    const answer = fetch(`${gateway.baseUrl}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${alice}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const upstreamStream = await waitFor(() => streams[opened], {
      label: 'the stream request to reach the upstream',
    });
    const event = (n: number) => `id: ${n}\ndata: {"n":${n}}\n\n`;
    // the gateway sends the answer's head with its first bytes
    upstreamStream.write(event(1));
    const response = await answer;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    /** Reads until event n has arrived (while the upstream still holds its response open). */
    const received = async (n: number) => {
      while (!text.includes(event(n))) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before event ${n}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    // not buffered: each event reaches the client before the upstream writes the next one
    await received(1);
    upstreamStream.write(event(2));
    await received(2);
    // no timeout: idle for longer than UPSTREAM_TIMEOUT_MS (1 s), the stream still carries events
    await new Promise((r) => setTimeout(r, 1500));
    upstreamStream.write(event(3));
    await received(3);
    expect(text).toBe([1, 2, 3].map(event).join(''));
    const closedBefore = streamClosed.length;
    controller.abort();
    await waitFor(() => streamClosed.length > closedBefore, {
      label: 'the upstream stream to close',
    });
  });

  describe('a failing instance', () => {
    const create = (headers: Record<string, string> = {}) =>
      call(gateway.baseUrl, 'POST', '/api/products', {
        token: admin,
        body: { sku: 'X' },
        headers,
      });
    let admin: string;
    beforeAll(async () => {
      admin = await userToken('admin');
    });

    it('sends a POST with an Idempotency-Key again to another instance when one drops it', async () => {
      const before = flakyHits;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await create({ 'idempotency-key': `gw-retry-${i}` })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      expect(flakyHits - before).toBeGreaterThan(0);
    });

    it('does not repeat a POST without an Idempotency-Key: the client gets a 503 to retry', async () => {
      const before = flakyHits;
      const replies = [];
      for (let i = 0; i < 4; i++) replies.push(await create());
      const failed = replies.filter((r) => r.status !== 200);
      expect(failed.length).toBe(flakyHits - before);
      expect(failed.length).toBeGreaterThan(0);
      for (const reply of failed) {
        expect(reply.status).toBe(503);
        expect(reply.headers.get('retry-after')).not.toBeNull();
        expect(reply.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('opens the breaker after repeated 5xx, answers 503 with Retry-After, and closes again', async () => {
      const boom = () => call(gateway.baseUrl, 'GET', '/api/inventory?boom=1');
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await boom()).status);
      // the service's own 500s pass through until the breaker opens, then the gateway answers
      expect(statuses.slice(0, 5)).toEqual([500, 500, 500, 500, 500]);
      expect(statuses.at(-1)).toBe(503);
      const open = await boom();
      expect(open.status).toBe(503);
      expect(open.headers.get('retry-after')).toBe('2');
      expect(open.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
      // after the reset timeout one trial call goes through; a healthy answer closes the breaker
      const healthy = await waitFor(
        async () => {
          const reply = await call(gateway.baseUrl, 'GET', '/api/inventory?sku=A');
          return reply.status === 200 ? reply : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 500, label: 'the breaker to close' },
      );
      expect(healthy.json<Echo>().url).toBe('/api/inventory?sku=A');
    });
  });
});
