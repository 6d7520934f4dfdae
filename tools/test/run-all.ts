// `npm test`: lint, type check, unit, then integration and end-to-end against real servers.
// Prints one summary line last: "N passed, N failed" (read by .ci/run).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const tmp = join(root, 'tmp');
mkdirSync(tmp, { recursive: true });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
const totals = { passed: 0, failed: 0 };
const rows: string[] = [];

/** Runs a step with its output streamed as it comes (and kept, to count its results). */
function run(cmd: string, args: string[]): Promise<{ status: number; output: string }> {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const keep = (out: NodeJS.WriteStream) => (b: Buffer) => {
      chunks.push(b);
      out.write(b);
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('error', (e) => chunks.push(Buffer.from(String(e))));
    child.on('close', (code) =>
      resolve({ status: code ?? 1, output: Buffer.concat(chunks).toString() }),
    );
  });
}

function record(step: string, passed: number, failed: number): void {
  totals.passed += passed;
  totals.failed += failed;
  rows.push(`${step.padEnd(28)} ${passed} passed, ${failed} failed`);
}

/** Nx targets: one check per project and target; the failed ones are listed under "Failed tasks:". */
async function nxStep(step: string, targets: string): Promise<void> {
  const list = targets.split(',');
  const { status, output } = await run('nx', [
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
async function jestStep(step: string, config: string): Promise<void> {
  const out = join(tmp, `${step.replace(/\W+/g, '-')}.json`);
  rmSync(out, { force: true });
  const { status } = await run('jest', ['-c', config, '--json', `--outputFile=${out}`, '--ci']);
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

async function main(): Promise<void> {
  await nxStep('lint + typecheck', 'lint,typecheck');
  await jestStep('unit', 'jest.config.js');
  await nxStep('build', 'build');
  await jestStep('integration + e2e', 'jest.integration.config.js');
  console.log(`\n${rows.join('\n')}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

void main();
