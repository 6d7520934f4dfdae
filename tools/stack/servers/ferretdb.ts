// FerretDB v1 (SQLite handler) for the MongoDB wire protocol, built from the
// Go module in infra/ferretdb with the fixes in infra/ferretdb/patches applied
// to FerretDB's source; the binary is cached per source hash.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, dataDir, ensureDir, infraDir } from '../paths';
import { spawnDetached, waitFor } from '../process';
import { hashFiles, requireCommand, run, say, secondsSince } from '../util';
import type { Server } from './types';

const PORT = 27017;
const moduleDir = join(infraDir, 'ferretdb');
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

// Keyed by the module's sources only, so a cached binary needs no Go at all.
const binary = () =>
  join(
    cacheDir,
    'ferretdb',
    `v1.24.2-${hashFiles(moduleDir, ['go.mod', 'go.sum', 'main.go', 'patches'])}`,
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
    const workDir = join(out, `build.${process.pid}`);
    try {
      // nice: the servers that are ready to start get the 2 cores first.
      await run('nice', ['-n', '10', go, 'build', '-trimpath', '-o', tmp, '.'], {
        cwd: patchedBuildDir(go, workDir),
        env: { ...process.env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' },
        logName: 'build-ferretdb',
      });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
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

/**
 * infra/ferretdb copied to `dir`/main, its FerretDB dependency replaced by a copy of the module
 * (fetched through the Go module proxy) with each patch in infra/ferretdb/patches applied.
 */
function patchedBuildDir(go: string, dir: string): string {
  const goRun = (args: string[], cwd: string) => {
    const r = spawnSync(go, args, { cwd, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
    if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  rmSync(dir, { recursive: true, force: true });
  const main = join(dir, 'main');
  const source = join(dir, 'FerretDB');
  cpSync(moduleDir, main, { recursive: true, filter: (p) => !p.includes('/patches') });
  // the version go.mod requires
  const { Dir } = JSON.parse(goRun(['mod', 'download', '-json', FERRETDB_MODULE], main)) as {
    Dir: string;
  };
  cpSync(Dir, source, { recursive: true });
  // the module cache is read-only; the copy must take the patches
  chmodRecursive(source);
  const patches = join(moduleDir, 'patches');
  for (const patch of readdirSync(patches)
    .filter((f) => f.endsWith('.patch'))
    .sort()) {
    const r = spawnSync('git', ['apply', '-p1', join(patches, patch)], {
      cwd: source,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`patch ${patch} does not apply: ${r.stdout}${r.stderr}`);
  }
  goRun(['mod', 'edit', `-replace=${FERRETDB_MODULE}=../FerretDB`], main);
  return main;
}

function chmodRecursive(path: string): void {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chmodRecursive(child);
    else chmodSync(child, 0o644);
  }
}
