import type { IncomingHttpHeaders } from 'node:http';

/** Cache-Control directives that keep an answer out of a shared cache (RFC 9111 §5.2.2). */
const NOT_SHARED = /(^|,)\s*(private|no-store)\s*(=|,|$)/i;
/** The shared fetch sends no Accept-Encoding, so a Vary on it names nothing that differs. */
const HARMLESS_VARY = new Set(['accept-encoding']);

/**
 * Whether an upstream answer may be kept in the gateway's shared catalog cache and served to
 * every caller, signed in or not. The key is the path and query alone, so an answer that says it
 * depends on anything else (a `Vary` on Authorization, Cookie, Accept-Language, `*`), that is for
 * one client only (`Cache-Control: private` or `no-store`), that sets a cookie, or whose body is
 * encoded (only identity is kept), is not.
 */
export function isShareable(headers: IncomingHttpHeaders): boolean {
  if (headers['set-cookie'] !== undefined) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && String(encoding).toLowerCase() !== 'identity') return false;
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined && NOT_SHARED.test(String(cacheControl))) return false;
  const vary = headers['vary'];
  if (vary === undefined) return true;
  return [vary]
    .flat()
    .join(',')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .every((name) => name === '' || HARMLESS_VARY.has(name));
}
