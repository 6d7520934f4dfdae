// Scenario `gateway` baseline: a bare reverse proxy (node:http in, undici pool out) to one upstream.
// Like any proxy it passes the request's headers on (the token included) and relays the answer's,
// less the hop-by-hop ones, so both sides of the ratio move the same bytes.
import { createServer, IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
import { announce } from './announce';

const upstream = process.env['UPSTREAM_URL'];
if (!upstream) throw new Error('UPSTREAM_URL is required');
const pool = new Pool(upstream, { connections: 128, pipelining: 1 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

const endToEnd = (headers: IncomingHttpHeaders) => {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
};

const server = createServer((request, response) => {
  pool
    .request({ path: request.url ?? '/', method: 'GET', headers: endToEnd(request.headers) })
    .then(({ statusCode, headers, body }) => {
      response.writeHead(statusCode, endToEnd(headers));
      body.pipe(response);
    })
    .catch(() => {
      response.writeHead(502).end();
    });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce(server));
