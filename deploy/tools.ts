// The chart's check tools, built by the project itself from pinned sources and cached per user in
// ~/.cache/mstore/tools/<name>-<version>/ (a second run needs neither network nor Go):
//   helm        helm.sh/helm/v3/cmd/helm, `go install` from the Go module proxy
//   kubeconform github.com/yannh/kubeconform/cmd/kubeconform, the same way
//   promtool    github.com/prometheus/prometheus/cmd/promtool, the same way (ensurePromtool)
//   kube-score  github.com/zegl/kube-score with the chart's extra pod checks, built from infra/kube-score
//   schemas     the Kubernetes JSON schemas of one version, from the PyPI package kubernetes-validate
// Building prints progress to stderr (packages compiled, elapsed time) every few seconds.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// renovate: datasource=go depName=helm.sh/helm/v3
export const HELM_VERSION = 'v3.22.0';
// renovate: datasource=go depName=github.com/yannh/kubeconform
export const KUBECONFORM_VERSION = 'v0.8.0';
// Prometheus 3.x tags its Go module v0.3MM.P for release v3.MM.P: this is Prometheus v3.16.0
// renovate: datasource=go depName=github.com/prometheus/prometheus
export const PROMTOOL_VERSION = 'v0.316.0';
/** kube-score's version is the one infra/kube-score/go.mod requires. */
export const KUBE_SCORE_VERSION = 'v1.20.0';
/** The Kubernetes version the chart is validated against, and the PyPI package that ships its schemas. */
export const KUBERNETES_VERSION = '1.34.0';
export const SCHEMAS_PACKAGE = 'kubernetes-validate==1.37.0';

const root = join(__dirname, '..');
export const toolsDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'mstore',
  'tools',
);

const log = (msg: string) => process.stderr.write(`[deploy tools] ${msg}\n`);

export interface Tools {
  helm: string;
  kubeconform: string;
  kubeScore: string;
  /** kubeconform -schema-location template for the pinned schemas. */
  schemaLocation: string;
}

/** Every tool, built or fetched on first use. */
export async function ensureTools(): Promise<Tools> {
  const started = Date.now();
  const kubeconform = await goInstall(
    'kubeconform',
    'github.com/yannh/kubeconform/cmd/kubeconform',
    KUBECONFORM_VERSION,
  );
  const schemaLocation = ensureSchemas();
  const kubeScore = await kubeScoreBinary();
  // as helm's Makefile links it: its version, and Kubernetes 1.37 (its client-go, v0.37) as the
  // default cluster version; without them `helm template` assumes 1.20 (the chart needs 1.27+)
  const helm = await goInstall('helm', 'helm.sh/helm/v3/cmd/helm', HELM_VERSION, [
    `helm.sh/helm/v3/internal/version.version=${HELM_VERSION}`,
    ...['pkg/lint/rules', 'pkg/chartutil'].flatMap((p) => [
      `helm.sh/helm/v3/${p}.k8sVersionMajor=1`,
      `helm.sh/helm/v3/${p}.k8sVersionMinor=37`,
    ]),
  ]);
  const took = (Date.now() - started) / 1000;
  if (took > 2) log(`all tools ready after ${took.toFixed(0)} s`);
  return { helm, kubeconform, kubeScore, schemaLocation };
}

/** promtool (the alert rules' checks), built on first use like helm. */
export function ensurePromtool(): Promise<string> {
  return goInstall('promtool', 'github.com/prometheus/prometheus/cmd/promtool', PROMTOOL_VERSION);
}

function go(): string {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(
      'the chart checks build helm, kubeconform and kube-score with Go: install Go 1.26+ (https://go.dev/doc/install)',
    );
  return 'go';
}

/** One build at a time per tool across processes (other engineers' test runs): a directory lock. */
async function withLock<T>(
  dir: string,
  done: () => boolean,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  mkdirSync(toolsDir, { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(readFileSafe(join(lock, 'pid')));
      if (owner && !alive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      log(`waiting for another build of ${dir.split('/').pop()} (pid ${owner || '?'})`);
      await new Promise((r) => setTimeout(r, 5000));
      if (done()) return undefined;
    }
  }
  try {
    return done() ? undefined : await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const readFileSafe = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs a go command, counting the packages `-v` names, with a progress line every 10 s. */
function goRun(
  what: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let packages = 0;
    let downloads = 0;
    const tail: string[] = [];
    const child = spawn('nice', ['-n', '10', go(), ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (b: Buffer) => {
      for (const line of b.toString().split('\n').filter(Boolean)) {
        if (line.startsWith('go: downloading')) downloads++;
        else packages++;
        tail.push(line);
        if (tail.length > 30) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(
      () =>
        log(
          `${what}: ${downloads} modules downloaded, ${packages} packages compiled, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        ),
      10_000,
    );
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const took = ((Date.now() - started) / 1000).toFixed(0);
      if (code === 0) {
        log(`${what}: built in ${took} s (${packages} packages)`);
        resolve();
      } else
        reject(new Error(`${what} failed (exit ${code}) after ${took} s:\n${tail.join('\n')}`));
    });
  });
}

const goEnv = (gobin?: string): NodeJS.ProcessEnv => ({
  ...process.env,
  CGO_ENABLED: '0',
  GOFLAGS: '-trimpath',
  ...(gobin ? { GOBIN: gobin } : {}),
});

async function goInstall(
  name: string,
  pkg: string,
  version: string,
  linkVars: string[] = [],
): Promise<string> {
  const dir = join(toolsDir, `${name}-${version}`);
  const binary = join(dir, name);
  await withLock(
    dir,
    () => existsSync(binary),
    async () => {
      const tmp = `${dir}.tmp-${process.pid}`;
      rmSync(tmp, { recursive: true, force: true });
      log(
        `${name} ${version}: go install ${pkg}@${version} (first time only; helm takes minutes on 2 cores)`,
      );
      await goRun(
        `${name} ${version}`,
        [
          'install',
          '-v',
          `-ldflags=-s -w${linkVars.map((v) => ` -X ${v}`).join('')}`,
          `${pkg}@${version}`,
        ],
        {
          cwd: toolsDir,
          env: goEnv(tmp),
        },
      );
      renameSync(tmp, dir);
    },
  );
  return binary;
}

async function kubeScoreBinary(): Promise<string> {
  const moduleDir = join(root, 'infra', 'kube-score');
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(moduleDir, f)));
  const dir = join(toolsDir, `kube-score-${KUBE_SCORE_VERSION}-${hash.digest('hex').slice(0, 12)}`);
  const binary = join(dir, 'kube-score-mstore');
  await withLock(
    dir,
    () => existsSync(binary),
    async () => {
      const tmp = `${dir}.tmp-${process.pid}`;
      mkdirSync(tmp, { recursive: true });
      log(`kube-score ${KUBE_SCORE_VERSION}: go build infra/kube-score (first time only)`);
      await goRun(
        `kube-score ${KUBE_SCORE_VERSION}`,
        ['build', '-v', '-mod=readonly', '-o', join(tmp, 'kube-score-mstore'), '.'],
        {
          cwd: moduleDir,
          env: goEnv(),
        },
      );
      renameSync(tmp, dir);
    },
  );
  return binary;
}

/**
 * The strict standalone schemas of KUBERNETES_VERSION from the kubernetes-validate wheel (pip
 * download, no install), laid out as kubeconform reads them: <kind>-<group>-<version>.json. Their
 * shared definitions are referenced as /api/_definitions.json under an https $id: the $id is dropped
 * and the reference rewritten to the file beside them, so nothing is ever fetched.
 */
export function ensureSchemas(): string {
  const [pkg, pkgVersion] = SCHEMAS_PACKAGE.split('==');
  const dir = join(toolsDir, `k8s-schemas-v${KUBERNETES_VERSION}-${pkg}-${pkgVersion}`);
  const location = `${dir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
  if (existsSync(join(dir, 'deployment-apps-v1.json'))) return location;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  log(`schemas: pip download ${SCHEMAS_PACKAGE} (22 MB, first time only)`);
  const pip = spawnSync(
    'python3',
    ['-m', 'pip', 'download', '--no-deps', '--progress-bar', 'off', '-d', tmp, SCHEMAS_PACKAGE],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (pip.status !== 0)
    throw new Error(
      `pip download ${SCHEMAS_PACKAGE} failed (needs python3 with pip):\n${pip.stdout}${pip.stderr}`,
    );
  const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip download ${SCHEMAS_PACKAGE} left no wheel in ${tmp}`);
  const inner = `kubernetes_validate/kubernetes-json-schema/v${KUBERNETES_VERSION}-local-strict/`;
  // python's zipfile: the one unzip this machine surely has, since pip runs on it
  const unzip = spawnSync(
    'python3',
    [
      '-c',
      `import sys, zipfile, os, json
z = zipfile.ZipFile(sys.argv[1]); prefix = sys.argv[2]; out = sys.argv[3]; n = 0
for name in z.namelist():
    if name.startswith(prefix) and name.endswith('.json'):
        data = z.read(name).replace(b'"/api/_definitions.json#', b'"_definitions.json#')
        schema = json.loads(data)
        # without its https $id, a schema's relative refs resolve beside the file itself
        schema.pop('$id', None)
        with open(os.path.join(out, name[len(prefix):]), 'w') as f:
            json.dump(schema, f)
        n += 1
print(n)`,
      join(tmp, wheel),
      inner,
      tmp,
    ],
    { encoding: 'utf8' },
  );
  if (unzip.status !== 0 || Number(unzip.stdout) < 100)
    throw new Error(
      `no schemas for Kubernetes ${KUBERNETES_VERSION} in ${wheel}: ${unzip.stderr}${unzip.stdout}`,
    );
  rmSync(join(tmp, wheel));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  log(
    `schemas: ${unzip.stdout.trim()} files for Kubernetes ${KUBERNETES_VERSION} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return location;
}

/** For `tsx deploy/tools.ts`: builds everything and prints where. */
if (require.main === module) {
  ensureTools().then(
    (t) => {
      for (const [k, v] of Object.entries(t)) console.log(`${k}\t${v}`);
      for (const f of [t.helm, t.kubeconform, t.kubeScore])
        console.log(`${f}\t${(statSync(f).size / 1e6).toFixed(0)} MB`);
    },
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
