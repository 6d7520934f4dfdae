import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

/** Core 1 serves the measured process, core 0 the load generator (util-linux `taskset`). */
export const MEASURED_CORE = 1;
export const LOAD_CORE = 0;

let available: boolean | undefined;

/** True when taskset exists and there are at least two cores to split. */
export function canPin(): boolean {
  available ??= cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
  return available;
}

/** Pins every thread of a running process to one core; a no-op without taskset. */
export function pin(pid: number, core: number): void {
  if (!canPin()) return;
  const r = spawnSync('taskset', ['-a', '-c', '-p', String(core), String(pid)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`taskset failed for pid ${pid}: ${r.stderr}`);
}

/** Lets a running process (every thread) use every core again; a no-op without taskset. */
export function unpin(pid: number): void {
  if (!canPin()) return;
  spawnSync('taskset', ['-a', '-c', '-p', `0-${cpus().length - 1}`, String(pid)]);
}

/** The process and all its descendants (a launcher script's server runs as its child). */
export function processTree(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  return [pid, ...children.flatMap(processTree)];
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}
