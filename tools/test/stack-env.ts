// Used by the jest global setup: ensures the local stack's servers and prints what it did as JSON.
import { ensureServers, stopServers, type ServerName } from '../stack/servers';

async function main(): Promise<void> {
  const [cmd, ...names] = process.argv.slice(2);
  if (cmd === 'up') {
    const result = await ensureServers();
    process.stdout.write(`\nSTACK_ENV ${JSON.stringify(result)}\n`);
  } else if (cmd === 'stop') {
    await stopServers(names as ServerName[]);
  } else {
    throw new Error('usage: stack-env up | stop <server...>');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
