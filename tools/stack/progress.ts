// What `up` is doing, while it does it: each step says what it is when it starts and how long it
// took when it ends, and a ticker prints every running step with its elapsed time and detail
// (bytes downloaded, packages compiled) so a long cold start is never silent.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

let quiet = false;
export function setQuiet(q: boolean): void {
  quiet = q;
}
export function say(name: string, msg: string): void {
  if (!quiet) console.log(`[stack] ${name.padEnd(8)} ${msg}`);
}
export const secondsSince = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

export interface Step {
  readonly name: string;
  readonly what: string;
  readonly t0: number;
  /** A short live figure for the ticker ("42 MB at 6.1 MB/s", "310/520 packages"). */
  detail?: () => string | undefined;
}

const running = new Set<Step>();
let ticker: NodeJS.Timeout | undefined;
const TICK_MS = Number(process.env.STACK_PROGRESS_MS ?? 10_000);

function tick(): void {
  if (quiet || running.size === 0) return;
  const parts = [...running].map((s) => {
    const d = s.detail?.();
    return `${s.name} ${s.what} ${secondsSince(s.t0)}${d ? ` (${d})` : ''}`;
  });
  console.log(`[stack] …        ${parts.join(' · ')}`);
}

/** Starts a step: prints `name what… note` now, and shows it in the ticker until end(). */
export function begin(
  name: string,
  what: string,
  opts: { note?: string; detail?: () => string | undefined } = {},
): Step {
  const step: Step = { name, what, t0: Date.now(), detail: opts.detail };
  say(name, `${what}…${opts.note ? ` (${opts.note})` : ''}`);
  running.add(step);
  if (!ticker && TICK_MS > 0) {
    ticker = setInterval(tick, TICK_MS);
    ticker.unref();
  }
  return step;
}

export function end(step: Step, msg?: string): void {
  running.delete(step);
  if (msg !== undefined) say(step.name, `${msg} in ${secondsSince(step.t0)}`);
  if (running.size === 0 && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/** Runs `fn` as a step (ended whether it succeeds or not). */
export async function step<T>(
  name: string,
  what: string,
  fn: (s: Step) => Promise<T>,
  opts: {
    note?: string;
    done?: string | ((v: T) => string);
    detail?: () => string | undefined;
  } = {},
): Promise<T> {
  const s = begin(name, what, opts);
  try {
    const v = await fn(s);
    end(s, typeof opts.done === 'function' ? opts.done(v) : (opts.done ?? 'done'));
    return v;
  } catch (e) {
    end(s);
    throw e;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Total size of the files under `dir` (0 when it does not exist). */
export function dirBytes(dir: string): number {
  let total = 0;
  const visit = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) {
        try {
          total += statSync(p).size;
        } catch {
          /* removed meanwhile */
        }
      }
    }
  };
  visit(dir);
  return total;
}

/**
 * A download watched by the growth of the folder it lands in: "84 MB at 6.2 MB/s". Sampled at
 * most every 2 s (a walk of ~/.m2 is a few ms).
 */
export function growth(dir: string, label = ''): () => string {
  const base = dirBytes(dir);
  const t0 = Date.now();
  let last = '';
  let at = 0;
  return () => {
    if (Date.now() - at < 2000) return last;
    at = Date.now();
    const got = dirBytes(dir) - base;
    const rate = got / Math.max(0.001, (Date.now() - t0) / 1000);
    last = got > 0 ? `${label}${formatBytes(got)} at ${formatBytes(rate)}/s` : 'connecting';
    return last;
  };
}

/** CPU seconds used so far by the process group `pgid` (every process in it), from /proc. */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after the name: state ppid pgrp ... utime(12) stime(13)
      if (Number(f[2]) !== pgid) continue;
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}
