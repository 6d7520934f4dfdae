// FerretDB v1 (SQLite handler) for the MongoDB wire protocol, built from the
// Go module in infra/ferretdb with the fixes in infra/ferretdb/patches applied
// to FerretDB's source; the binary is cached per source hash.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, dataDir, ensureDir, infraDir } from '../paths';
import { spawnDetached } from '../process';
import { growth, step } from '../progress';
import { hashFiles, requireCommand, run } from '../util';
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
    return (await conn.db?.admin().ping())?.ok === 1;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

const GO_ENV = { GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' };

export const ferretdb: Server = {
  name: 'ferretdb',
  envVar: 'MONGO_URL',
  defaultUrl: `mongodb://127.0.0.1:${PORT}`,
  port: PORT,
  healthy,
  fatal: /^panic:|level=(ERROR|FATAL).*(listen|bind)/,

  check() {
    if (!existsSync(binary())) requireCommand('go', goHint);
  },

  async prepare(ctx) {
    if (existsSync(binary())) return;
    const go = requireCommand('go', goHint);
    const out = ensureDir(join(binary(), '..'));
    const tmp = join(out, `ferretdb.${process.pid}.tmp`);
    const workDir = join(out, `build.${process.pid}`);
    try {
      const main = await step(
        'ferretdb',
        'downloading Go modules',
        () => patchedBuildDir(go, workDir, ctx.signal),
        { detail: growth(join(goModCache(go), 'cache', 'download')), done: 'downloaded' },
      );
      const total = await goPackageCount(go, main);
      let compiled = 0;
      await step(
        'ferretdb',
        'building FerretDB v1.24.2',
        () =>
          // nice: servers that are ready to start get the 2 cores first. -v names each package
          // as it is compiled: the progress figure, and the sign of life for the stall check.
          run('nice', ['-n', '10', go, 'build', '-v', '-trimpath', '-o', tmp, '.'], {
            cwd: main,
            env: { ...process.env, ...GO_ENV },
            logName: 'build-ferretdb',
            onLine: () => void compiled++,
            signal: ctx.signal,
            stallMs: 180_000,
          }),
        {
          note: 'go build, first time only: 3–5 min on 2 cores, most of it modernc.org/sqlite',
          detail: () => `${compiled}/${total || '?'} packages`,
          done: 'built',
        },
      );
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    renameSync(tmp, binary());
  },

  async start() {
    const dir = ensureDir(join(dataDir, 'ferretdb'));
    spawnDetached('ferretdb', binary(), ['-listen', `127.0.0.1:${PORT}`, '-dir', dir]);
  },
};

const capture = (go: string, args: string[], cwd: string, signal: AbortSignal) =>
  new Promise<string>((resolve, reject) => {
    execFile(
      go,
      args,
      { cwd, signal, env: { ...process.env, GOFLAGS: '' }, maxBuffer: 1 << 26 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`go ${args.join(' ')} failed: ${stderr || err.message}`))
          : resolve(stdout),
    );
  });

export function goModCache(go: string): string {
  const r = spawnSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  return r.stdout.trim() || join(process.env.HOME ?? '', 'go', 'pkg', 'mod');
}

/** How many packages `go build` compiles (its -v prints one line each); 0 when unknown. */
export async function goPackageCount(go: string, dir: string, pkg = '.'): Promise<number> {
  try {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        go,
        ['list', '-deps', pkg],
        { cwd: dir, env: { ...process.env, ...GO_ENV }, maxBuffer: 1 << 24 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    return out.trim().split('\n').length;
  } catch {
    return 0;
  }
}

/**
 * infra/ferretdb copied to `dir`/main, its FerretDB dependency replaced by a copy of the module
 * (fetched through the Go module proxy) with each patch in infra/ferretdb/patches applied.
 * Returns the main module's directory, with every module it needs downloaded.
 */
async function patchedBuildDir(go: string, dir: string, signal: AbortSignal): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  const main = join(dir, 'main');
  const source = join(dir, 'FerretDB');
  cpSync(moduleDir, main, { recursive: true, filter: (p) => !p.includes('/patches') });
  // the version go.mod requires
  const { Dir } = JSON.parse(
    await capture(go, ['mod', 'download', '-json', FERRETDB_MODULE], main, signal),
  ) as { Dir: string };
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
  await capture(go, ['mod', 'edit', `-replace=${FERRETDB_MODULE}=../FerretDB`], main, signal);
  // every module the build needs, now: downloads are shown as such, not as a silent build
  await capture(go, ['mod', 'download'], main, signal);
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
