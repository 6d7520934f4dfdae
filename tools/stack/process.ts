// A small process manager for the local stack and the fleet: detached
// processes that outlive the CLI, with pid files in .stack/run and logs in
// .stack/logs. Names are free-form ("kafka", "svc-order-service-1").
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureDir, logsDir, runDir } from './paths';
import { groupCpuSeconds } from './progress';

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Extra port to record in .stack/run/<name>.port (status reads it for svc-*). */
  port?: number;
}

export const pidFile = (name: string) => join(runDir, `${name}.pid`);
export const portFile = (name: string) => join(runDir, `${name}.port`);
export const logFile = (name: string) => join(logsDir, `${name}.log`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `cmd args` in its own process group, stdout and stderr appended to
 * .stack/logs/<name>.log, and returns its pid. The CLI may exit right away.
 */
export function spawnDetached(
  name: string,
  cmd: string,
  args: string[],
  opts: SpawnOptions = {},
): number {
  ensureDir(runDir);
  ensureDir(logsDir);
  const fd = openSync(logFile(name), 'a');
  writeFileSync(fd, `\n--- ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  incarnationStart.set(name, statSync(logFile(name)).size); // after the header: it names the command
  try {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${cmd}`);
    // Reap it if it dies while we are still running, without keeping us alive.
    child.on('error', () => undefined);
    child.unref();
    writeFileSync(pidFile(name), `${child.pid}\n`);
    if (opts.port !== undefined) writeFileSync(portFile(name), `${opts.port}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** The pid recorded for `name`, or undefined. */
export function readPid(name: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile(name), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function readPort(name: string): number | undefined {
  try {
    const port = Number.parseInt(readFileSync(portFile(name), 'utf8'), 10);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

export function writePort(name: string, port: number): void {
  ensureDir(runDir);
  writeFileSync(portFile(name), `${port}\n`);
}

/** Names that have a pid file, optionally only those starting with `prefix`. */
export function listManaged(prefix = ''): string[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir)
    .filter((f) => f.endsWith('.pid') && f.startsWith(prefix))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** Whether `pid` is a live process (a zombie whose threads are all gone is not). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie nobody reaped yet is dead for our purposes, but only once all its
  // threads are gone: a JVM's main thread turns 'Z' while others still hold its sockets.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const zombie = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
    return !zombie || readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    return !existsSync('/proc/self'); // no /proc (macOS): trust kill(0); else it just vanished
  }
}

/**
 * Seconds since the epoch when `pid` started (Linux only). Used to tell our
 * process from an unrelated one that got the same pid after a reboot.
 */
function pidStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return btime + ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** True when the process recorded for `name` is alive (stale pid files are removed). */
export function isRunning(name: string): boolean {
  const pid = readPid(name);
  if (pid === undefined) return false;
  let alive = pidAlive(pid);
  if (alive) {
    const started = pidStartTime(pid);
    const written = statSync(pidFile(name), { throwIfNoEntry: false })?.mtimeMs;
    // The pid file is written right after spawn; a process much older than it is not ours.
    if (started !== undefined && written !== undefined && started < written / 1000 - 120)
      alive = false;
  }
  if (!alive) forget(name);
  return alive;
}

function forget(name: string): void {
  rmSync(pidFile(name), { force: true });
  rmSync(portFile(name), { force: true });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // the whole group: kc.sh and its java, etc.
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Stops the process recorded for `name`: `signal` (SIGTERM) to its process
 * group, then SIGKILL after `timeoutMs`. Returns false when it was not running.
 */
export async function stop(
  name: string,
  opts: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<boolean> {
  const pid = readPid(name);
  if (pid === undefined || !isRunning(name)) return false;
  signalGroup(pid, opts.signal ?? 'SIGTERM');
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  while (pidAlive(pid) && Date.now() < deadline) await sleep(100);
  if (pidAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    while (pidAlive(pid)) await sleep(50);
  }
  forget(name);
  return true;
}

/** The last `lines` lines of a log file, for error messages. */
export function tailLog(name: string, lines = 20): string {
  try {
    return readFileSync(logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export interface WaitOptions {
  /** Hard cap, a safety net only; a stalled step is caught by stallMs long before. */
  timeoutMs?: number;
  label?: string;
  intervalMs?: number;
  /** The managed process being waited for: its death ends the wait at once, with its log. */
  process?: string;
  /** With `process`: fail when it has written no log and used no CPU for this long. */
  stallMs?: number;
  /** With `process`: fail as soon as its log shows this (a fatal error it will not recover from). */
  fatal?: RegExp;
  /** Ends the wait when another step of the same run failed. */
  signal?: AbortSignal;
}

/**
 * Polls `check` until it returns true. Throws as soon as the process named
 * `process` has died, stalled or logged a fatal error (with the end of its
 * log), when `signal` aborts, or after `timeoutMs`.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  opts: WaitOptions = {},
): Promise<void> {
  const { timeoutMs = 60_000, label = 'condition', intervalMs = 250 } = opts;
  const deadline = Date.now() + timeoutMs;
  const watch = opts.process ? watchProcess(opts.process, opts.fatal) : undefined;
  const fail = (why: string) => {
    const tail = opts.process ? `\nend of ${logFile(opts.process)}:\n${tailLog(opts.process)}` : '';
    return new Error(`${label}: ${why}${tail}`);
  };
  for (;;) {
    opts.signal?.throwIfAborted();
    let ok = false;
    try {
      ok = await check();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (opts.process && !isRunning(opts.process)) throw fail('process exited');
    const fatal = watch?.fatal();
    if (fatal) throw fail(`fatal error in its log: ${fatal}`);
    const idle = watch?.idleMs() ?? 0;
    if (opts.stallMs && idle > opts.stallMs)
      throw fail(`stalled: no output and no CPU used for ${Math.round(idle / 1000)} s`);
    if (Date.now() > deadline) throw fail(`timed out after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(intervalMs);
  }
}

/** Where the log of each process this CLI spawned begins (the log file is appended to). */
const incarnationStart = new Map<string, number>();

/** Progress of a managed process: its log growing or its process group using CPU. */
function watchProcess(name: string, fatal?: RegExp) {
  const size = () => statSync(logFile(name), { throwIfNoEntry: false })?.size ?? 0;
  const cpu = () => {
    const pid = readPid(name);
    return pid ? groupCpuSeconds(pid) : 0;
  };
  // from this incarnation's first line: it may have failed before the wait began
  let offset = incarnationStart.get(name) ?? size();
  let lastSize = size();
  let lastCpu = cpu();
  let lastProgress = Date.now();
  let lastSample = 0;
  return {
    idleMs(): number {
      if (Date.now() - lastSample < 1000) return Date.now() - lastProgress;
      lastSample = Date.now();
      const [s, c] = [size(), cpu()];
      if (s !== lastSize || c - lastCpu > 0.05) lastProgress = Date.now();
      [lastSize, lastCpu] = [s, c];
      return Date.now() - lastProgress;
    },
    fatal(): string | undefined {
      if (!fatal) return undefined;
      const s = size();
      if (s <= offset) return undefined;
      const fd = openSync(logFile(name), 'r');
      try {
        const buf = Buffer.alloc(Math.min(s - offset, 1 << 20));
        readSync(fd, buf, 0, buf.length, offset);
        offset = s;
        const line = buf
          .toString()
          .split('\n')
          .find((l) => fatal.test(l));
        return line?.trim().slice(0, 300);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** True when something accepts TCP connections on host:port. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** GET `url`; resolves to the status code, or 0 when nothing answered. */
export async function httpStatus(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 3000,
): Promise<number> {
  try {
    const res = await fetch(url, {
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
