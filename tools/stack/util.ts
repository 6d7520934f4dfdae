// Helpers shared by the server definitions: progress output, prerequisites,
// JDK selection, build commands and cache keys.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { ensureDir, logsDir } from './paths';

/** A missing tool: the CLI prints only the message (one line) and exits 2. */
export class PrereqError extends Error {}

let quiet = false;
export function setQuiet(q: boolean): void {
  quiet = q;
}
export function say(name: string, msg: string): void {
  if (!quiet) console.log(`[stack] ${name.padEnd(8)} ${msg}`);
}
export const secondsSince = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** Finds `cmd` on PATH (plus the sbin dirs, where Debian puts mariadbd). */
export function which(cmd: string): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/local/sbin',
    '/sbin',
  ];
  for (const d of dirs) {
    const p = join(d, cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export function requireCommand(cmd: string, hint: string): string {
  const p = which(cmd);
  if (!p) throw new PrereqError(`missing prerequisite: \`${cmd}\` not found — ${hint}`);
  return p;
}

export const isRoot = () => process.getuid?.() === 0;

/**
 * Runs a build/download command with its output in .stack/logs/<logName>.log;
 * on failure throws with the end of that log.
 */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; logName: string; inherit?: boolean },
): Promise<void> {
  ensureDir(logsDir);
  const logPath = join(logsDir, `${opts.logName}.log`);
  return new Promise((resolve, reject) => {
    const out = opts.inherit ? 'inherit' : 'pipe';
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', out, out],
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => chunks.push(b));
    child.stderr?.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = Buffer.concat(chunks).toString();
      writeFileSync(logPath, `$ ${cmd} ${args.join(' ')}\n${text}`);
      if (code === 0) resolve();
      else {
        const tail = text.trimEnd().split('\n').slice(-15).join('\n');
        reject(
          new Error(`${cmd} ${args.join(' ')} failed (exit ${code}); see ${logPath}\n${tail}`),
        );
      }
    });
  });
}

/** sha256 (12 hex) over files and directories (recursively), by relative path and content. */
export function hashFiles(root: string, paths: string[], extra = ''): string {
  const h = createHash('sha256').update(extra);
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (f !== 'target') visit(join(p, f));
    } else {
      h.update(relative(root, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  for (const p of paths) visit(join(root, p));
  return h.digest('hex').slice(0, 12);
}

export interface Jdk {
  home: string;
  major: number;
}

function javaMajor(javaBin: string): number | undefined {
  // `java -version` prints to stderr, e.g. openjdk version "25.0.1" or "1.8.0_392".
  const r = spawnSync(javaBin, ['-version'], { encoding: 'utf8', timeout: 20_000 });
  return parseVersion(`${r.stderr ?? ''}${r.stdout ?? ''}`);
}
function parseVersion(text: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

let jdkCache: Jdk[] | undefined;
/** Every JDK we can find: $JAVA_HOME, /usr/lib/jvm/*, and `java` on PATH. Newest first. */
export function findJdks(): Jdk[] {
  if (jdkCache) return jdkCache;
  const homes = new Set<string>();
  if (process.env.JAVA_HOME) homes.add(process.env.JAVA_HOME);
  for (const base of ['/usr/lib/jvm', '/usr/java', '/opt/java']) {
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base)) homes.add(join(base, d));
  }
  const onPath = which('java');
  if (onPath) homes.add(join(realpathSync(onPath), '..', '..'));
  const seen = new Set<string>();
  const jdks: Jdk[] = [];
  for (const h of homes) {
    const bin = join(h, 'bin', 'java');
    if (!existsSync(bin)) continue;
    const real = realpathSync(h);
    if (seen.has(real)) continue;
    seen.add(real);
    const major = javaMajor(bin);
    if (major) jdks.push({ home: real, major });
  }
  jdkCache = jdks.sort((a, b) => b.major - a.major);
  return jdkCache;
}

/** The newest JDK with min <= major <= max (max: the newest the server supports). */
export function pickJdk(server: string, min: number, max = Infinity): Jdk {
  const all = findJdks();
  const fit = all.find((j) => j.major >= min && j.major <= max);
  if (fit) return fit;
  const have = all.length ? `found ${all.map((j) => j.major).join(', ')}` : 'none found';
  const range = max === Infinity ? `${min}+` : `${min}–${max}`;
  throw new PrereqError(
    `missing prerequisite: ${server} needs a JDK ${range} (${have}) — install one, e.g. \`apt-get install openjdk-${min}-jdk-headless\`, or set JAVA_HOME`,
  );
}

export function requireMaven(): string {
  return requireCommand('mvn', 'install Maven, e.g. `apt-get install maven`');
}
