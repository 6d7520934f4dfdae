import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pin } from './cpu-pinning';

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts one of bench/servers/*.ts as its own Node process (through tsx's loader, which costs
 * only at start), pins it to `core` and resolves with its URL once it printed its port.
 */
export async function startBenchServer(
  name: string,
  core: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  const file = join(__dirname, '..', 'servers', `${name}.ts`);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file], {
    // tsx must see bench/tsconfig.json (legacy decorators for Nest)
    env: { ...process.env, TSX_TSCONFIG_PATH: join(__dirname, '..', 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} during start`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const match = /^PORT (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`${name} printed "${line}" instead of its port`));
    });
  });
  const pid = child.pid ?? 0;
  pin(pid, core);
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
}
