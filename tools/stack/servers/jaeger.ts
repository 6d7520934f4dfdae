// Jaeger v2 (an OpenTelemetry Collector distribution) for traces: OTLP in, the query API and UI
// out, in-memory storage. Built from its Go module through infra/jaeger and cached per source hash
// like FerretDB. Not one of the servers `up` waits for: a cold build takes minutes, so `up` starts
// it only once the fleet is ready, and builds it first in a detached process (cli.ts
// jaeger-background) when it is not cached yet.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, ensureDir, infraDir } from '../paths';
import { httpStatus, spawnDetached } from '../process';
import { growth, step } from '../progress';
import { PrereqError, hashFiles, requireCommand, run } from '../util';
import { goModCache, goPackageCount } from './ferretdb';
import type { Server } from './types';

/** The Go module's tag; its tags v1.x also carry the v2 binary (v1.76.0 = Jaeger v2.13.0). */
export const JAEGER_MODULE_VERSION = 'v1.76.0';
export const JAEGER_VERSION = 'v2.13.0';
const PACKAGE = 'github.com/jaegertracing/jaeger/cmd/jaeger';
const OTLP_HTTP_PORT = 4318;
const QUERY_PORT = 16686;
/** The UI and query API (DESIGN §3), as printed for people. */
export const JAEGER_UI_URL = `http://localhost:${QUERY_PORT}`;
/** The same, for programs (it listens on 127.0.0.1 only). */
export const JAEGER_QUERY_URL = `http://127.0.0.1:${QUERY_PORT}`;
/** The detached process that builds and starts Jaeger for `up` (pid and log under that name). */
export const JAEGER_BACKGROUND = 'jaeger-background';

const moduleDir = join(infraDir, 'jaeger');
// The version the UI's About box and `jaeger version` show (Jaeger's Makefile sets it the same way).
const LDFLAGS = `-X github.com/jaegertracing/jaeger/internal/version.latestVersion=${JAEGER_VERSION}`;
const GO_ENV = { GOFLAGS: '-mod=readonly -buildvcs=false', CGO_ENABLED: '0' };
const MIN_GO = [1, 24, 6];

// Keyed by the module's sources and the build flags only, so a cached binary needs no Go at all.
export const jaegerBinary = () =>
  join(
    cacheDir,
    'jaeger',
    `${JAEGER_MODULE_VERSION}-${hashFiles(moduleDir, ['go.mod', 'go.sum'], LDFLAGS)}`,
    'jaeger',
  );
export const jaegerCached = () => existsSync(jaegerBinary());

const goHint =
  'install Go 1.24.6+ (https://go.dev/doc/install or `apt-get install golang`), or set OTEL_EXPORTER_OTLP_ENDPOINT';

/** Whether an OTLP/HTTP endpoint takes an (empty) export, as the services' exporters will send. */
async function otlpAccepts(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(3000),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Ours (loopback :4318) must also answer the query API the UI and the tests read traces from. */
async function healthy(url: string): Promise<boolean> {
  if (!(await otlpAccepts(url))) return false;
  const u = new URL(url);
  const ours = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  return !ours || Number(u.port) !== OTLP_HTTP_PORT
    ? true
    : (await httpStatus(`${JAEGER_QUERY_URL}/api/services`)) === 200;
}

function requireGo(): string {
  const go = requireCommand('go', goHint);
  const v = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim();
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  const rank = (x: number[]) => x[0] * 1e6 + x[1] * 1e3 + x[2];
  if (!m || rank([1, 2, 3].map((i) => Number(m[i] ?? 0))) < rank(MIN_GO))
    throw new PrereqError(
      `missing prerequisite: Jaeger ${JAEGER_VERSION} needs Go ${MIN_GO.join('.')}+ (found ${v || 'none'}) — ${goHint}`,
    );
  return go;
}

export const jaeger: Server = {
  name: 'jaeger',
  envVar: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  defaultUrl: `http://127.0.0.1:${OTLP_HTTP_PORT}`,
  port: OTLP_HTTP_PORT,
  healthy,
  // the collector prints `Error: cannot start pipelines: ... bind: address already in use` and exits
  fatal: /^Error: |address already in use/,

  check() {
    if (!jaegerCached()) requireGo();
  },

  async prepare(ctx) {
    if (jaegerCached()) return;
    const go = requireGo();
    const out = ensureDir(join(jaegerBinary(), '..'));
    const tmp = join(out, `jaeger.${process.pid}.tmp`);
    const env = { ...process.env, ...GO_ENV };
    try {
      await step(
        'jaeger',
        'downloading Go modules',
        // -x: a line per fetch, the sign of life for the stall check
        () =>
          run(go, ['mod', 'download', '-x'], {
            cwd: moduleDir,
            env,
            logName: 'download-jaeger',
            signal: ctx.signal,
            stallMs: 180_000,
          }),
        {
          note: 'about 270 MB the first time',
          detail: growth(join(goModCache(go), 'cache', 'download')),
          done: 'downloaded',
        },
      );
      const total = await goPackageCount(go, moduleDir, PACKAGE);
      // stopped meanwhile (`down`): spawn no build that nothing would kill
      ctx.signal.throwIfAborted();
      let compiled = 0;
      await step(
        'jaeger',
        `building Jaeger ${JAEGER_VERSION}`,
        () =>
          // nice 19: the stack and the fleet already run, and come first. -v names each package as
          // it is compiled: the progress figure. The stall limit is long: one package (the
          // Elasticsearch client's types) compiles for minutes, at idle priority on a busy machine.
          run(
            'nice',
            [
              ...['-n', '19', go, 'build', '-v', '-trimpath'],
              ...['-ldflags', LDFLAGS, '-o', tmp, PACKAGE],
            ],
            {
              cwd: moduleDir,
              env,
              logName: 'build-jaeger',
              onLine: () => void compiled++,
              signal: ctx.signal,
              stallMs: 600_000,
            },
          ),
        {
          note: 'go build, first time only: several minutes on 2 cores; log .stack/logs/build-jaeger.log',
          detail: () => `${compiled}/${total || '?'} packages`,
          done: 'built',
        },
      );
      renameSync(tmp, jaegerBinary());
    } finally {
      rmSync(tmp, { force: true });
    }
  },

  async start() {
    // in-memory storage: traces last until it stops, which is all a dev stack needs
    spawnDetached('jaeger', jaegerBinary(), ['--config', join(moduleDir, 'config.yaml')]);
  },
};
