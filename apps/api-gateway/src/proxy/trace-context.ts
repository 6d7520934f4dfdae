import { randomUUID } from 'node:crypto';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const randomHex = () => randomUUID().replace(/-/g, '');

/**
 * W3C trace context for the upstream hop: keeps a valid incoming trace id and sampling flag and
 * names the gateway's hop as the new parent; starts a new trace when none (or a broken one) came.
 */
export function nextTraceparent(incoming: string | string[] | undefined): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming.trim()) : null;
  const valid =
    match !== null && match[1] !== 'ff' && match[2] !== ZERO_TRACE && match[3] !== ZERO_SPAN;
  const traceId = valid ? match[2] : randomHex();
  const flags = valid ? match[4] : '01';
  return `00-${traceId}-${randomHex().slice(0, 16)}-${flags}`;
}
