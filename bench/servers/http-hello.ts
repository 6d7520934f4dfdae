// The framework baseline: the cheapest hello Node can serve.
import { createServer } from 'node:http';
import { announce } from './announce';

const body = JSON.stringify({ hello: 'world' });
// a length like every Fastify service sends (writeHead without one answers chunked)
const headers = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(Buffer.byteLength(body)),
};
const server = createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce(server));
