// `npm run openapi`: starts each built service against the running stack, fetches its GET /openapi.json
// and writes libs/contracts/openapi/<service>.json (committed; the gateway merges them into /docs).
// Build first (`nx run-many -t build`), or pass --build to build the services here. Then merges them
// into libs/contracts/openapi/public-api.json (the gateway's /docs/openapi.json) and generates the
// typed SDK's libs/sdk/src/schema.ts from it; --sdk-only does just that, from the committed specs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppName, startService } from '@mstore/testing';
import { PUBLIC_API_FILE, SCHEMA_FILE, schemaSource } from '@mstore/sdk/generate';

const root = join(__dirname, '../..');
const SERVICES: AppName[] = [
  'product-service',
  'inventory-service',
  'order-service',
  'notification-service',
];

/** The gateway's merge of the service specs just written (in a process of its own, which reads them). */
async function writeSdk(): Promise<void> {
  const merged = spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    [
      '--tsconfig',
      'apps/api-gateway/tsconfig.json',
      'apps/api-gateway/src/docs/print-public-api.ts',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (merged.status !== 0) throw new Error(`merging the public API failed:\n${merged.stderr}`);
  writeFileSync(PUBLIC_API_FILE, merged.stdout);
  const spec = JSON.parse(merged.stdout) as { paths: Record<string, unknown> };
  console.log(`public API: ${Object.keys(spec.paths).length} paths -> ${PUBLIC_API_FILE}`);
  writeFileSync(SCHEMA_FILE, await schemaSource(spec));
  console.log(`sdk types -> ${SCHEMA_FILE}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--sdk-only')) return writeSdk();
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
  await writeSdk();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
