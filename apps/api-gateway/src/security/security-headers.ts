import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * helmet's response headers for a configuration, computed once. Without CSP nonces they are the
 * same on every answer, and @fastify/helmet would rebuild every middleware and reparse the CSP
 * directives per request (a tenth of the gateway's CPU under load).
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const capture = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, capture as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return headers;
}
