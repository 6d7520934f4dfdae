import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '../..');

/** The local stack's own commands (tools/test/stack-env.ts over tools/stack/servers). */
async function stack(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(
    join(root, 'node_modules/.bin/tsx'),
    [join(root, 'tools/test/stack-env.ts'), ...args],
    {
      cwd: root,
      timeout: 180_000,
      maxBuffer: 1 << 24,
    },
  );
  return `${stdout}${stderr}`;
}

/** Stops the stack's Kafka (SIGTERM, as an operator would). */
export const stopKafka = () => stack('stop', 'kafka');

/** Brings every stack server up again (idempotent: only the stopped Kafka is started). */
export const startKafka = () => stack('up');
