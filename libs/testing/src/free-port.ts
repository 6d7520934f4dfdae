import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A port free right now (a listener opened and closed), for an instance restarted on the same port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
