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
  closeSync,
  openSync,
  writeSync,
} from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { ensureDir, logsDir } from './paths';
import { groupCpuSeconds } from './progress';

/** A missing tool: the CLI prints only the message (one line) and exits 2. */
export class PrereqError extends Error {}

export { say, secondsSince, setQuiet } from './progress';

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

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logName: string;
  /** Each line of output as it comes (for progress figures). */
  onLine?: (line: string) => void;
  /** Fail when the command printed nothing and used no CPU for this long (default 120 s). */
  stallMs?: number;
  /** Kills the command when another step of the same run failed. */
  signal?: AbortSignal;
}

/**
 * Runs a build/download command in its own process group, its output streamed to
 * .stack/logs/<logName>.log; on failure (exit, stall, abort) throws with the end of that log.
 */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<void> {
  ensureDir(logsDir);
  const logPath = join(logsDir, `${opts.logName}.log`);
  const log = openSync(logPath, 'w');
  writeSync(log, `$ ${cmd} ${args.join(' ')}\n`);
  const stallMs = opts.stallMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own group: CPU is measured and a kill reaches its children
    });
    let lastOutput = Date.now();
    let lastCpu = 0;
    let tail = '';
    let partial = '';
    let failure: string | undefined;
    const kill = (why: string) => {
      failure ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const onData = (b: Buffer) => {
      lastOutput = Date.now();
      writeSync(log, b);
      const text = partial + b.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) opts.onLine?.(l);
      tail = (tail + b.toString()).slice(-8000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const watchdog = setInterval(() => {
      const cpu = child.pid ? groupCpuSeconds(child.pid) : 0;
      if (cpu - lastCpu > 0.05) lastOutput = Date.now();
      lastCpu = cpu;
      if (Date.now() - lastOutput > stallMs)
        kill(`stalled: no output and no CPU used for ${Math.round(stallMs / 1000)} s`);
    }, 2000);
    const onAbort = () => kill('stopped: another step failed');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => (failure ??= e.message));
    child.on('close', (code) => {
      clearInterval(watchdog);
      opts.signal?.removeEventListener('abort', onAbort);
      closeSync(log);
      if (code === 0 && !failure) return resolve();
      const end = tail.trimEnd().split('\n').slice(-15).join('\n');
      reject(
        new Error(
          `${cmd} ${args.join(' ')} ${failure ?? `failed (exit ${code})`}; see ${logPath}\n${end}`,
        ),
      );
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
  // Debian 12 packages only OpenJDK 17; 21+ comes from Adoptium's apt repository or Debian 13.
  const how =
    min <= 17
      ? '`apt-get install openjdk-17-jdk-headless`'
      : "on Debian 12 (which packages only OpenJDK 17) Temurin from Adoptium's apt repository (https://adoptium.net/installation/linux/, package temurin-21-jdk), on Debian 13 or Ubuntu 24.04 `apt-get install openjdk-21-jdk-headless`";
  throw new PrereqError(
    `missing prerequisite: ${server} needs a JDK ${range} (${have}) — install one: ${how}; or set JAVA_HOME to one`,
  );
}

/**
 * JVM flags for a class-data archive of a server's own classes: its first clean exit writes it,
 * later starts map it instead of loading and verifying every class again (a third off a JVM
 * server's start on 2 cores). A missing, stale or foreign archive is ignored by the JVM.
 */
export function classDataSharing(jdk: Jdk, archive: string): string[] {
  if (jdk.major >= 19) return ['-XX:+AutoCreateSharedArchive', `-XX:SharedArchiveFile=${archive}`];
  return existsSync(archive)
    ? [`-XX:SharedArchiveFile=${archive}`]
    : [`-XX:ArchiveClassesAtExit=${archive}`];
}

/** Maven's local repository, where its downloads land (watched for the progress figure). */
export const mavenRepo = () =>
  /-Dmaven\.repo\.local=(\S+)/.exec(process.env.MAVEN_OPTS ?? '')?.[1] ??
  join(process.env.HOME ?? '', '.m2', 'repository');

/** The JDK check() chose; a clear error when start() runs without it. */
export function chosen(jdk: Jdk | undefined, server: string): Jdk {
  if (!jdk) throw new Error(`${server}: no JDK chosen (check() did not run)`);
  return jdk;
}

/** A command that check() made sure of. */
export function need(cmd: string): string {
  const p = which(cmd);
  if (!p) throw new PrereqError(`missing prerequisite: \`${cmd}\` not found`);
  return p;
}

export function requireMaven(): string {
  return requireCommand('mvn', 'install Maven, e.g. `apt-get install maven`');
}
