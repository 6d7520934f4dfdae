import type { IncomingHttpHeaders } from 'node:http';
import { downstreamHeaders, ForwardContext, upstreamHeaders } from './forward-headers';

const ctx = (overrides: Partial<ForwardContext> = {}): ForwardContext => ({
  requestId: 'req-1',
  clientIp: '10.0.0.7',
  proto: 'http',
  ...overrides,
});
const incoming = (overrides: IncomingHttpHeaders = {}): IncomingHttpHeaders => ({
  host: 'localhost:8080',
  authorization: 'Bearer t',
  'content-type': 'application/json',
  'content-length': '12',
  connection: 'keep-alive, x-private',
  'keep-alive': 'timeout=5',
  'x-private': 'secret',
  'transfer-encoding': 'chunked',
  'x-forwarded-for': '1.2.3.4',
  ...overrides,
});

describe(upstreamHeaders.name, () => {
  it('strips hop-by-hop headers, including those the Connection header lists', () => {
    const out = upstreamHeaders(incoming(), ctx());
    for (const name of [
      'connection',
      'keep-alive',
      'x-private',
      'transfer-encoding',
      'host',
      'content-length',
    ])
      expect(out).not.toHaveProperty(name);
    expect(out['authorization']).toBe('Bearer t');
    expect(out['content-type']).toBe('application/json');
  });

  it('sets the forwarding headers from the connection, not from the client', () => {
    const out = upstreamHeaders(incoming(), ctx());
    expect(out['x-forwarded-for']).toBe('10.0.0.7');
    expect(out['x-forwarded-proto']).toBe('http');
    expect(out['x-forwarded-host']).toBe('localhost:8080');
    expect(out['x-request-id']).toBe('req-1');
  });

  it("leaves the trace context to the SDK: the client's headers are not copied", () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const out = upstreamHeaders(incoming({ traceparent, tracestate: 'a=1' }), ctx());
    expect(out['traceparent']).toBeUndefined();
    expect(out['tracestate']).toBeUndefined();
  });
});

describe(downstreamHeaders.name, () => {
  it('keeps the answer headers but not the connection ones', () => {
    const out = downstreamHeaders({
      'content-type': 'application/json',
      etag: '"e"',
      connection: 'keep-alive',
      'keep-alive': 'timeout=72',
      'transfer-encoding': 'chunked',
    });
    expect(out).toEqual({ 'content-type': 'application/json', etag: '"e"' });
  });
});
