import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Bench servers print their port as the first stdout line; the runner reads it. */
export function announce(server: Server): void {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
