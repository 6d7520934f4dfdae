// Where the local stack keeps things: per-clone state in <repo>/.stack,
// per-user downloads and builds in ${XDG_CACHE_HOME:-~/.cache}/mstore.
import { homedir } from 'node:os';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// No import.meta: this runs under tsx and under jest (CommonJS) alike.
function findRepoRoot(): string {
  if (typeof __dirname === 'string') return resolve(__dirname, '../..');
  for (let d = process.cwd(); ; d = dirname(d)) {
    if (existsSync(join(d, 'tools', 'stack', 'cli.ts'))) return d;
    if (dirname(d) === d) throw new Error('cannot find the repository root (tools/stack/cli.ts)');
  }
}

export const repoRoot = findRepoRoot();
export const infraDir = join(repoRoot, 'infra');
export const keycloakRealmDir = join(repoRoot, 'keycloak');

export const stackDir = process.env.MSTORE_STACK_DIR ?? join(repoRoot, '.stack');
export const runDir = join(stackDir, 'run');
export const logsDir = join(stackDir, 'logs');
export const dataDir = join(stackDir, 'data');

export const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mstore');

/** mkdir -p, returning the path. */
export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
