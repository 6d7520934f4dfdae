// Used by the jest global setup: ensures the local stack's servers and prints what it did as JSON.
import { ensureJaeger, ensureServers, stopServers, type ServerName } from '../stack/servers';

async function main(): Promise<void> {
  const [cmd, ...names] = process.argv.slice(2);
  if (cmd === 'up') {
    const result = await ensureServers();
    process.stdout.write(`\nSTACK_ENV ${JSON.stringify(result)}\n`);
  } else if (cmd === 'jaeger') {
    // on first use this builds Jaeger (minutes): only for the runs that read traces
    const result = await ensureJaeger();
    process.stdout.write(`\nJAEGER_ENV ${JSON.stringify(result)}\n`);
  } else if (cmd === 'stop') {
    await stopServers(names as ServerName[]);
  } else {
    throw new Error('usage: stack-env up | jaeger | stop <server...>');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
