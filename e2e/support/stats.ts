import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Percentile (nearest rank) of a list of numbers; for the figures the suite reports. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const summary = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;

/** Figures go to the test log (and tmp/e2e-figures.log) so a run can be reported without timing assertions. */
export function report(scenario: string, figures: Record<string, unknown>): void {
  const line = `[e2e figures] ${scenario}: ${JSON.stringify(figures)}`;
  process.stdout.write(`${line}\n`);
  mkdirSync(join(__dirname, '../../tmp'), { recursive: true });
  appendFileSync(
    join(__dirname, '../../tmp/e2e-figures.log'),
    `${new Date().toISOString()} ${line}\n`,
  );
}
