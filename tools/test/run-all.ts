// `npm test`: lint, type check, unit, then integration and end-to-end against real servers.
// Prints one summary line last: "N passed, N failed" (read by .ci/run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const tmp = join(root, 'tmp');
mkdirSync(tmp, { recursive: true });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
const totals = { passed: 0, failed: 0 };
const rows: string[] = [];

function run(cmd: string, args: string[]): { status: number; output: string } {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stdout.write(output);
  return { status: result.status ?? 1, output };
}

function record(step: string, passed: number, failed: number): void {
  totals.passed += passed;
  totals.failed += failed;
  rows.push(`${step.padEnd(28)} ${passed} passed, ${failed} failed`);
}

/** Nx targets: one check per project and target; the failed ones are listed under "Failed tasks:". */
function nxStep(step: string, targets: string): void {
  const list = targets.split(',');
  const { status, output } = run('nx', [
    'run-many',
    '-t',
    ...list,
    '--output-style=static',
    '--nxBail=false',
  ]);
  const projects = /targets? .*for (\d+) projects?/.exec(output);
  const total = projects ? Number(projects[1]) * list.length : 1;
  const failedSection = output.split('Failed tasks:')[1] ?? '';
  const failed = status === 0 ? 0 : Math.max(1, (failedSection.match(/^- \S+:\S+/gm) ?? []).length);
  record(step, total - failed, failed);
}

/** Jest runs: every test counts; a suite that fails to load counts as one failure. */
function jestStep(step: string, config: string): void {
  const out = join(tmp, `${step.replace(/\W+/g, '-')}.json`);
  rmSync(out, { force: true });
  const { status } = run('jest', ['-c', config, '--json', `--outputFile=${out}`, '--ci']);
  if (!existsSync(out)) return record(step, 0, 1);
  const r = JSON.parse(readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numRuntimeErrorTestSuites: number;
  };
  const broken =
    r.numRuntimeErrorTestSuites +
    (status !== 0 && r.numFailedTests === 0 && r.numRuntimeErrorTestSuites === 0 ? 1 : 0);
  record(step, r.numPassedTests, r.numFailedTests + broken);
}

nxStep('lint + typecheck', 'lint,typecheck');
jestStep('unit', 'jest.config.js');
nxStep('build', 'build');
jestStep('integration + e2e', 'jest.integration.config.js');

console.log(`\n${rows.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
