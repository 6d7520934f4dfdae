// FerretDB v1 (SQLite handler) for the MongoDB wire protocol, built from the
// Go module in infra/ferretdb; the binary is cached per source hash.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, dataDir, ensureDir, infraDir } from '../paths';
import { spawnDetached, waitFor } from '../process';
import { hashFiles, requireCommand, run, say, secondsSince } from '../util';
import type { Server } from './types';

const PORT = 27017;
const moduleDir = join(infraDir, 'ferretdb');

// Keyed by the module's sources only, so a cached binary needs no Go at all.
const binary = () =>
  join(
    cacheDir,
    'ferretdb',
    `v1.24.2-${hashFiles(moduleDir, ['go.mod', 'go.sum', 'main.go'])}`,
    'ferretdb',
  );
const goHint =
  'install Go 1.24+ (https://go.dev/doc/install or `apt-get install golang`), or set MONGO_URL';

async function healthy(url: string): Promise<boolean> {
  const { default: mongoose } = await import('mongoose');
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
  });
  try {
    await conn.asPromise();
    const res = await conn.db!.admin().ping();
    return res.ok === 1;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

export const ferretdb: Server = {
  name: 'ferretdb',
  envVar: 'MONGO_URL',
  defaultUrl: `mongodb://127.0.0.1:${PORT}`,
  port: PORT,
  startTimeoutMs: 30_000,
  healthy,

  check() {
    if (!existsSync(binary())) requireCommand('go', goHint);
  },

  async prepare() {
    if (existsSync(binary())) return;
    const go = requireCommand('go', goHint);
    const t0 = Date.now();
    say('ferretdb', 'building FerretDB v1.24.2 (go build; first time only)…');
    const out = ensureDir(join(binary(), '..'));
    const tmp = join(out, `ferretdb.${process.pid}.tmp`);
    // nice: the servers that are ready to start get the 2 cores first.
    await run('nice', ['-n', '10', go, 'build', '-trimpath', '-o', tmp, '.'], {
      cwd: moduleDir,
      env: { ...process.env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' },
      logName: 'build-ferretdb',
    });
    renameSync(tmp, binary());
    say('ferretdb', `built in ${secondsSince(t0)}`);
  },

  async start() {
    const dir = ensureDir(join(dataDir, 'ferretdb'));
    spawnDetached('ferretdb', binary(), ['-listen', `127.0.0.1:${PORT}`, '-dir', dir]);
  },

  async waitStarted() {
    await waitFor(() => healthy(this.defaultUrl), {
      label: 'ferretdb',
      process: 'ferretdb',
      timeoutMs: this.startTimeoutMs,
    });
  },
};
