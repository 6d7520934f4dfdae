import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';

export interface ScenarioResult {
  name: string;
  /** The measured figure (req/s, or ms for latency-only scenarios). */
  value: number;
  baseline: number | null;
  ratio: number | null;
  /** Human-readable target, e.g. "ratio ≥ 0.9, p99 < 15 ms". */
  target: string;
  /** p99 at 80 % of the maximum (open loop), or the scenario's own p99. */
  p99Ms: number | null;
  /**
   * Share of the open-loop requests the generator itself sent over 3 ms late (descheduled or busy
   * on the shared load core); from 1 % on, part of the p99 is the generator's.
   */
  p99LateSendShare?: number;
  /** The baseline's p99 at the same fixed rate, where it can take it: the machine's own tail. */
  baselineP99Ms?: number | null;
  met: boolean;
  unit: string;
  details: Record<string, unknown>;
}

export interface MemoryRow {
  service: string;
  idleMiB: number;
  loadMiB: number;
}

const round = (n: number | null, digits = 2) => (n === null ? null : Number(n.toFixed(digits)));

export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
}

/** Writes bench/results/<timestamp>.json and returns the markdown table. */
export function writeResults(scenarios: ScenarioResult[], memory: MemoryRow[], pinned: boolean) {
  const date = new Date().toISOString();
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${date.replace(/[:.]/g, '-')}.json`);
  const out = {
    date,
    machine: { ...machine(), pinned },
    scenarios: scenarios.map((s) => ({
      ...s,
      value: round(s.value, 1),
      baseline: round(s.baseline, 1),
      ratio: round(s.ratio, 3),
      p99Ms: round(s.p99Ms, 2),
      baselineP99Ms: round(s.baselineP99Ms ?? null, 2),
      p99LateSendShare: round(s.p99LateSendShare ?? null, 4),
    })),
    memory,
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  return { file, markdown: markdown(scenarios, memory) };
}

export function markdown(scenarios: ScenarioResult[], memory: MemoryRow[]): string {
  const fmt = (n: number | null, d = 0) => (n === null ? '–' : n.toFixed(d));
  const lines = [
    '| scenario | value | baseline | ratio | p99 @80% | baseline p99, same rate | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...scenarios.map(
      (s) =>
        `| ${s.name} | ${fmt(s.value)} ${s.unit} | ${fmt(s.baseline)} | ${fmt(s.ratio, 2)} | ${fmt(s.p99Ms, 1)} ms${lateNote(s.p99LateSendShare)} | ${s.baselineP99Ms == null ? '–' : `${fmt(s.baselineP99Ms, 1)} ms`} | ${s.target} | ${s.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '| service | RSS idle (MiB) | RSS under load (MiB) |',
    '| --- | --- | --- |',
    ...memory.map((m) => `| ${m.service} | ${m.idleMiB} | ${m.loadMiB} |`),
    ...cpuTable(scenarios),
  ];
  return lines.join('\n');
}

const lateNote = (share?: number) =>
  share !== undefined && share >= 0.01 ? ` (${(share * 100).toFixed(1)} % sent late)` : '';

type Cpu = { perProcess: Record<string, number>; total: number };
const cpuOf = (side: unknown): Cpu | undefined =>
  (side as { cpuMsPerRequest?: Cpu } | undefined)?.cpuMsPerRequest;

/** CPU ms per request of each process, for the scenarios whose rounds measured it (value side). */
function cpuTable(scenarios: ScenarioResult[]): string[] {
  const rows = scenarios.flatMap((s) => {
    const max = s.details['max'] as { value?: unknown; baseline?: unknown } | undefined;
    const value = cpuOf(max?.value);
    return value ? [{ name: s.name, value, baseline: cpuOf(max?.baseline) }] : [];
  });
  if (rows.length === 0) return [];
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.value.perProcess)))];
  return [
    '',
    `| CPU ms per request | all | baseline, all | ${names.join(' | ')} |`,
    `| --- | --- | --- | ${names.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.value.total} | ${r.baseline?.total ?? '–'} | ${names.map((n) => r.value.perProcess[n] ?? '–').join(' | ')} |`,
    ),
  ];
}
