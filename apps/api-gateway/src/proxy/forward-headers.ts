import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1: meaningful for one connection only, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
/** Set by the gateway itself; what a client sends under these names is not trusted. */
const REPLACED = new Set([
  'host',
  'content-length',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'forwarded',
  'x-request-id',
  // trace context: the OpenTelemetry SDK sets the gateway's own hop (undici instrumentation)
  'traceparent',
  'tracestate',
]);

export interface ForwardContext {
  requestId: string;
  /** The peer address of the client's connection: the gateway is the edge. */
  clientIp: string;
  proto: string;
}

/** The usual Connection values name no other header: no set to build on the hot path. */
const PLAIN_CONNECTION = new Set(['keep-alive', 'close', 'Keep-Alive', 'Close']);

const connectionListed = (value: string | undefined): Set<string> | undefined =>
  value && !PLAIN_CONNECTION.has(value)
    ? new Set(
        value
          .toLowerCase()
          .split(',')
          .map((s) => s.trim()),
      )
    : undefined;

/** Request headers for the upstream hop. */
export function upstreamHeaders(
  incoming: IncomingHttpHeaders,
  ctx: ForwardContext,
): Record<string, string | string[]> {
  const listed = connectionListed(incoming.connection);
  const out: Record<string, string | string[]> = {};
  for (const name in incoming) {
    if (HOP_BY_HOP.has(name) || REPLACED.has(name) || listed?.has(name)) continue;
    const value = incoming[name];
    if (value !== undefined) out[name] = value;
  }
  out['x-forwarded-for'] = ctx.clientIp;
  out['x-forwarded-proto'] = ctx.proto;
  if (incoming.host) out['x-forwarded-host'] = incoming.host;
  out['x-request-id'] = ctx.requestId;
  return out;
}

/** Response headers for the client: the upstream's, less its connection-level ones. */
export function downstreamHeaders(
  upstream: IncomingHttpHeaders,
): Record<string, string | string[]> {
  const listed = connectionListed(upstream.connection as string | undefined);
  const out: Record<string, string | string[]> = {};
  for (const name in upstream) {
    if (HOP_BY_HOP.has(name) || listed?.has(name)) continue;
    const value = upstream[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
