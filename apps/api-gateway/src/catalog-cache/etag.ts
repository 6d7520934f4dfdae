import { createHash } from 'node:crypto';

/** A strong validator from the body, when the product service sent none. */
export const etagOf = (body: Buffer): string =>
  `"${createHash('sha1').update(body).digest('base64url')}"`;

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2); `*` matches any current answer. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}
