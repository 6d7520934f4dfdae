// Scenario `gateway` baseline: a bare reverse proxy (node:http in, undici pool out) to one upstream.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { announce } from './announce';

const upstream = process.env['UPSTREAM_URL'];
if (!upstream) throw new Error('UPSTREAM_URL is required');
const pool = new Pool(upstream, { connections: 128, pipelining: 1 });

const server = createServer((request, response) => {
  pool
    .request({ path: request.url ?? '/', method: 'GET', headers: { host: 'upstream' } })
    .then(({ statusCode, headers, body }) => {
      response.writeHead(statusCode, { 'content-type': String(headers['content-type']) });
      body.pipe(response);
    })
    .catch(() => {
      response.writeHead(502).end();
    });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce(server));
