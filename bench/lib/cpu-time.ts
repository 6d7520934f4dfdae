import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readPid } from '@mstore/stack/process';
import { SERVER_NAMES } from '@mstore/stack/servers';
import type { BenchFleet } from './bench-fleet';
import { processTree } from './cpu-pinning';
import type { Measured, Runner } from './load';

/** A process (or a server with its children) whose CPU time a scenario reports. */
export interface CpuSubject {
  name: string;
  pids: () => number[];
}

let ticksPerSecond: number | undefined;
const clockTicks = () =>
  (ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100);

/** User + system CPU time of one process in ms (Linux /proc); 0 once it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    // the command name may hold spaces and parentheses: fields count from the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return 0;
  }
}

/** The bench fleet's five services and the local servers this stack runs (not servers given by URL). */
export function fleetCpuSubjects(fleet: BenchFleet): CpuSubject[] {
  const services = [fleet.gateway, fleet.product, fleet.inventory, fleet.order, fleet.notification];
  return [
    ...services.map((s) => ({ name: s.app, pids: () => [s.pid] })),
    ...SERVER_NAMES.flatMap((name) => {
      const pid = readPid(name);
      return pid === undefined ? [] : [{ name, pids: () => processTree(pid) }];
    }),
  ];
}

export type CpuSnapshot = Map<string, number>;

export const cpuSnapshot = (subjects: CpuSubject[]): CpuSnapshot =>
  new Map(subjects.map((s) => [s.name, s.pids().reduce((sum, pid) => sum + cpuMsOf(pid), 0)]));

/** CPU ms each subject spent between two snapshots. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  return Object.fromEntries([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? ms)]));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** CPU ms per request of each subject, and their sum, for `requests` answered meanwhile. */
export function perRequest(spent: Record<string, number>, requests: number) {
  const per = Object.fromEntries(
    Object.entries(spent).map(([name, ms]) => [name, round2(requests ? ms / requests : 0)]),
  );
  const total = round2(Object.values(spent).reduce((a, b) => a + b, 0) / Math.max(1, requests));
  return { perProcess: per, total };
}

/** A runner that also reports what each subject spent per request in that round. */
export function withCpu(run: Runner, subjects: CpuSubject[]): Runner {
  return async (durationS) => {
    const before = cpuSnapshot(subjects);
    const measured: Measured = await run(durationS);
    const spent = cpuSpent(before, cpuSnapshot(subjects));
    return { ...measured, cpuMsPerRequest: perRequest(spent, measured.total) };
  };
}
