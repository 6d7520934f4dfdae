import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// paths.ts reads MSTORE_STACK_DIR when first imported: a scratch stack per run.
const dir = mkdtempSync(join(tmpdir(), 'stack-spec-'));
process.env.MSTORE_STACK_DIR = dir;
type Process = typeof import('./process');
type Util = typeof import('./util');
let p: Process;
let util: Util;

beforeAll(async () => {
  p = await import('./process');
  util = await import('./util');
  (await import('./progress')).setQuiet(true);
});
afterAll(async () => {
  for (const name of p.listManaged()) await p.stop(name, { timeoutMs: 1000 });
  rmSync(dir, { recursive: true, force: true });
});

// real processes and waits of several seconds (a project's testTimeout does not apply in a multi-project run)
jest.setTimeout(60_000);

const never = () => false;

describe('waitFor on a managed process', () => {
  it('ends at once when the process dies, with the end of its log', async () => {
    p.spawnDetached('dies', 'sh', ['-c', 'echo "bind: address in use"; exit 3']);
    await expect(
      p.waitFor(never, { process: 'dies', label: 'dies', timeoutMs: 30_000 }),
    ).rejects.toThrow(/dies: process exited[\s\S]*bind: address in use/);
  });

  it('ends at once when its log shows a fatal error, though it still runs', async () => {
    p.spawnDetached('fatal', 'sh', [
      '-c',
      'echo starting; echo "FATAL cannot open log dir"; sleep 60',
    ]);
    await expect(
      p.waitFor(never, { process: 'fatal', label: 'fatal', fatal: /FATAL/, timeoutMs: 30_000 }),
    ).rejects.toThrow(/fatal error in its log: FATAL cannot open log dir/);
    expect(p.isRunning('fatal')).toBe(true);
  });

  it('fails a process that neither writes nor uses CPU for stallMs', async () => {
    p.spawnDetached('idle', 'sleep', ['60']);
    await expect(
      p.waitFor(never, { process: 'idle', label: 'idle', stallMs: 1500, timeoutMs: 30_000 }),
    ).rejects.toThrow(/stalled: no output and no CPU used/);
  });

  it('keeps waiting for a silent process that is busy on the CPU', async () => {
    p.spawnDetached('busy', 'sh', ['-c', 'while :; do :; done']);
    const t0 = Date.now();
    await p.waitFor(() => Date.now() - t0 > 6000, {
      process: 'busy',
      label: 'busy',
      stallMs: 3000,
      timeoutMs: 30_000,
    });
    expect(p.isRunning('busy')).toBe(true);
  });

  it('ends when the run is aborted', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('another step failed')), 200);
    await expect(p.waitFor(never, { signal: abort.signal, timeoutMs: 30_000 })).rejects.toThrow(
      'another step failed',
    );
  });
});

describe('run (downloads and builds)', () => {
  it('streams lines as they come and keeps the log', async () => {
    const lines: string[] = [];
    await util.run('sh', ['-c', 'echo one; echo two'], {
      logName: 'lines',
      onLine: (l) => lines.push(l),
    });
    expect(lines).toEqual(['one', 'two']);
  });

  it('kills a command that stalls, and says so', async () => {
    await expect(util.run('sleep', ['60'], { logName: 'stall', stallMs: 2500 })).rejects.toThrow(
      /stalled: no output and no CPU used/,
    );
  });

  it('kills the command when the run is aborted', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    await expect(
      util.run('sleep', ['60'], { logName: 'abort', signal: abort.signal }),
    ).rejects.toThrow(/another step failed/);
  });

  it('fails with the end of the output when the command fails', async () => {
    await expect(
      util.run('sh', ['-c', 'echo "no space left"; exit 2'], { logName: 'fails' }),
    ).rejects.toThrow(/failed \(exit 2\)[\s\S]*no space left/);
  });
});
