import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '../..');

/** Runs one call of the local stack's server API (tools/stack/servers) in its own process. */
async function servers(call: string): Promise<boolean> {
  const code = `import { startServer, stopServer } from './tools/stack/servers';
    ${call}.then((r) => { console.log('RESULT', JSON.stringify(r)); process.exit(0); },
      (e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(
    join(root, 'node_modules/.bin/tsx'),
    ['--eval', code],
    { cwd: root, timeout: 180_000 },
  );
  return stdout.split('\n').some((l) => l === 'RESULT true');
}

/** Stops the stack's Eureka (SIGTERM); false when it is not ours (given by EUREKA_URL, not running). */
export const stopEureka = () => servers(`stopServer('eureka')`);

/** Starts the stack's Eureka again and waits until it answers; a no-op when it runs. */
export const startEureka = () => servers(`startServer('eureka')`);
