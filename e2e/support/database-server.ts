import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '../..');

export type DatabaseServer = 'mariadb' | 'ferretdb';
const PORTS: Record<DatabaseServer, number> = { mariadb: 3306, ferretdb: 27017 };

/** The local stack's own commands (tools/test/stack-env.ts over tools/stack/servers). */
async function stack(...args: string[]): Promise<void> {
  await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'tools/test/stack-env.ts'), ...args], {
    cwd: root,
    timeout: 300_000,
    maxBuffer: 1 << 24,
  });
}

/** Stops the stack's database server (SIGTERM, as an operator would). */
export const stopDatabase = (name: DatabaseServer) => stack('stop', name);

/** Brings every stack server up again (idempotent: only the stopped one is started). */
export const startServers = () => stack('up');

export const databasePortOpen = (name: DatabaseServer) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(PORTS[name], '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
