// `npm run openapi`: starts each built service against the running stack, fetches its GET /openapi.json
// and writes libs/contracts/openapi/<service>.json (committed; the gateway merges them into /docs).
// Build first (`nx run-many -t build`), or pass --build to build the services here.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppName, startService } from '@mstore/testing';

const root = join(__dirname, '../..');
const SERVICES: AppName[] = [
  'product-service',
  'inventory-service',
  'order-service',
  'notification-service',
];

async function main(): Promise<void> {
  if (process.argv.includes('--build')) {
    const built = spawnSync('nx', ['run-many', '-t', 'build', `--projects=${SERVICES.join(',')}`], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    if (built.status !== 0) throw new Error('build failed');
  }
  for (const app of SERVICES) {
    // a dead registry URL: the service serves anyway and nothing routes to this short-lived instance
    const instance = await startService(
      app,
      { EUREKA_URL: 'http://127.0.0.1:9/eureka/', LOG_LEVEL: 'error' },
      { waitReady: false },
    );
    try {
      const response = await fetch(`${instance.baseUrl}/openapi.json`);
      if (!response.ok) throw new Error(`${app} answered ${response.status} for /openapi.json`);
      const spec = (await response.json()) as { paths?: Record<string, unknown> };
      const file = join(root, 'libs/contracts/openapi', `${app}.json`);
      writeFileSync(file, `${JSON.stringify(spec, null, 2)}\n`);
      console.log(`${app}: ${Object.keys(spec.paths ?? {}).length} paths -> ${file}`);
    } finally {
      await instance.stop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
