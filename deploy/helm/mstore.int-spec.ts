// The Helm chart (deploy/helm/mstore) without a cluster: helm lint and helm template with each values
// file, kubeconform -strict against the pinned Kubernetes schemas, and the kube-score policy
// (infra/kube-score: probes, limits, runAsNonRoot and the default checks). The checks are shown to
// fail: a test-only override that breaks the pods, an unknown field, an unset Secret name.
import { ALL_TOPICS, dlqTopic } from '@mstore/contracts';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBERNETES_VERSION, ensureTools, type Tools } from '../tools';

const root = join(__dirname, '../..');
const chart = join(__dirname, 'mstore');
const out = join(root, 'tmp', 'deploy');
const policy = JSON.parse(readFileSync(join(__dirname, 'kube-score.json'), 'utf8')) as {
  kubernetesVersion: string;
  ignore: { check: string; why: string }[];
  enableOptional: { check: string; why: string }[];
  perValues: Record<string, { minReplicasDeployment: number; minReplicasHpa: number; why: string }>;
  /** Kinds kubeconform has no schema for (CRDs), skipped by name. */
  skipKinds: { kind: string; why: string }[];
};

let tools: Tools;

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, stdout: r.stdout, stderr: r.stderr };
}

function render(
  name: string,
  valueFiles: string[],
  set: string[] = [],
): { status: number | null; file: string; output: string; stderr: string } {
  const r = run(tools.helm, [
    'template',
    'mstore',
    chart,
    '--namespace',
    'mstore',
    '--kube-version',
    KUBERNETES_VERSION,
    ...valueFiles.flatMap((f) => ['-f', f]),
    ...set.flatMap((s) => ['--set', s]),
  ]);
  const file = join(out, `${name}.yaml`);
  writeFileSync(file, r.stdout);
  return { status: r.status, file, output: r.output, stderr: r.stderr };
}

function kubeconform(file: string) {
  return run(tools.kubeconform, [
    '-strict',
    '-summary',
    '-kubernetes-version',
    KUBERNETES_VERSION,
    '-schema-location',
    tools.schemaLocation,
    '-skip',
    policy.skipKinds.map((k) => k.kind).join(','),
    file,
  ]);
}

function kubeScore(file: string, valuesFile: string) {
  const replicas = policy.perValues[valuesFile] ?? { minReplicasDeployment: 2, minReplicasHpa: 2 };
  return run(tools.kubeScore, [
    '--kubernetes-version',
    policy.kubernetesVersion,
    '--min-replicas-deployment',
    String(replicas.minReplicasDeployment),
    '--min-replicas-hpa',
    String(replicas.minReplicasHpa),
    ...policy.ignore.flatMap((i) => ['--ignore-test', i.check]),
    ...policy.enableOptional.flatMap((i) => ['--enable-optional-test', i.check]),
    file,
  ]);
}

/** The YAML documents of a rendering, each with its kind and name. */
function documents(file: string): { kind: string; name: string; text: string }[] {
  return readFileSync(file, 'utf8')
    .split(/^---$/m)
    .map((text) => ({
      text,
      kind: /^kind: (\S+)/m.exec(text)?.[1] ?? '',
      name: /^ {2}name: (\S+)/m.exec(text)?.[1] ?? '',
    }))
    .filter((d) => d.kind);
}

const valuesFiles = ['values-dev.yaml', 'values-prod.yaml'];
const apps = [
  'api-gateway',
  'product-service',
  'order-service',
  'inventory-service',
  'notification-service',
];

describe('Helm chart deploy/helm/mstore', () => {
  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    // cold: builds helm, kubeconform and kube-score with Go (minutes, with progress on stderr)
    tools = await ensureTools();
  }, 30 * 60_000);

  describe.each(valuesFiles)('with %s', (valuesFile) => {
    const values = () => join(chart, valuesFile);
    let rendered: string;

    beforeAll(() => {
      const r = render(valuesFile.replace('.yaml', ''), [values()]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      rendered = r.file;
    });

    it('passes helm lint --strict', () => {
      const r = run(tools.helm, ['lint', chart, '--strict', '-f', values()]);
      expect(r.output).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(r.status).toBe(0);
    });

    it('is valid against the Kubernetes schemas (kubeconform -strict)', () => {
      const r = kubeconform(rendered);
      expect(r.output).toMatch(/Invalid: 0, Errors: 0/);
      expect(r.status).toBe(0);
      // every resource was checked, except the CRD kinds listed in kube-score.json's skipKinds
      const skippable = documents(rendered).filter((d) =>
        policy.skipKinds.some((k) => k.kind === d.kind),
      ).length;
      expect(r.output).toContain(`Skipped: ${skippable}`);
    });

    it('passes the kube-score policy (probes, limits, runAsNonRoot, default checks)', () => {
      const r = kubeScore(rendered, valuesFile);
      expect(r.output).not.toContain('[CRITICAL]');
      expect(r.status).toBe(0);
    });

    it('runs every app and the storefront with probes, limits and a locked-down pod', () => {
      const deployments = documents(rendered).filter((d) => d.kind === 'Deployment');
      expect(deployments.map((d) => d.name).sort()).toEqual(
        [...apps, 'storefront'].map((a) => `mstore-${a}`).sort(),
      );
      for (const d of deployments.filter((x) => !x.name.endsWith('storefront'))) {
        expect(d.text).toContain('path: /health/live');
        expect(d.text).toContain('path: /health/ready');
      }
      for (const d of deployments) {
        expect(d.text).toMatch(/runAsNonRoot: true/);
        expect(d.text).toMatch(/readOnlyRootFilesystem: true/);
        expect(d.text).toMatch(/allowPrivilegeEscalation: false/);
        expect(d.text).toMatch(/type: RuntimeDefault/);
        expect(d.text).toMatch(/mountPath: \/tmp/);
        expect(d.text).toMatch(/limits:/);
      }
      const kinds = documents(rendered).map((d) => d.kind);
      for (const kind of ['PodDisruptionBudget', 'NetworkPolicy', 'Ingress', 'StatefulSet'])
        expect(kinds).toContain(kind);
      if (valuesFile === 'values-prod.yaml')
        expect(
          documents(rendered).filter((d) => d.kind === 'HorizontalPodAutoscaler'),
        ).toHaveLength(6);
    });

    it('probes and scrapes the gateway on its management port, never the public one', () => {
      const gateway = documents(rendered).find(
        (d) => d.kind === 'Deployment' && d.name === 'mstore-api-gateway',
      )!.text;
      expect(gateway).toMatch(/- name: management\n\s+containerPort: 8081/);
      expect(gateway).toMatch(/- name: MANAGEMENT_PORT\n\s+value: "8081"/);
      expect(gateway).toContain('prometheus.io/port: "8081"');
      const probes = [...gateway.matchAll(/httpGet: \{ path: \S+, port: (\w+) \}/g)];
      expect(probes.map((m) => m[1])).toEqual(['management', 'management', 'management']);
      const policy = documents(rendered).find(
        (d) => d.kind === 'NetworkPolicy' && d.name === 'mstore-api-gateway',
      )!.text;
      if (valuesFile === 'values-prod.yaml') expect(policy).toContain('port: 8081');
      // the Service (and so the Ingress) reaches the public port only
      const service = documents(rendered).find(
        (d) => d.kind === 'Service' && d.name === 'mstore-api-gateway',
      )!.text;
      expect(service).not.toContain('8081');
    });

    it('sets only environment variables the apps read (libs/config, apps/*/src/config.ts)', () => {
      const base = readFileSync(join(root, 'libs/config/src/base-config.ts'), 'utf8');
      for (const app of apps) {
        const d = documents(rendered).find(
          (x) => x.kind === 'Deployment' && x.name === `mstore-${app}`,
        )!;
        const own = readFileSync(join(root, 'apps', app, 'src/config.ts'), 'utf8');
        const names = [...d.text.matchAll(/^ {12}- name: ([A-Z][A-Z0-9_]*)$/gm)].map((m) => m[1]);
        expect(names.length).toBeGreaterThan(10);
        const unknown = names.filter((n) => !new RegExp(`\\b${n}:`).test(base + own));
        expect({ app, unknown }).toEqual({ app, unknown: [] });
      }
    });

    it('creates every topic of libs/contracts and its dead-letter topic', () => {
      const text = readFileSync(rendered, 'utf8');
      for (const topic of ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)])) {
        expect(text).toMatch(
          new RegExp(
            `(topicName: ${topic.replace('.', '\\.')}$|\\b${topic.replace('.', '\\.')}:\\d)`,
            'm',
          ),
        );
      }
    });

    it('runs two Eureka peers whose defaultZone lists both', () => {
      const sts = documents(rendered).find((d) => d.kind === 'StatefulSet')!;
      expect(sts.text).toContain('replicas: 2');
      const peers =
        sts.text.match(
          /mstore-eureka-\d\.mstore-eureka-headless\.mstore\.svc\.cluster\.local:8761/g,
        ) ?? [];
      expect(new Set(peers).size).toBe(2);
    });
  });

  describe('the checks fail when they should', () => {
    it('kube-score rejects a container without limits, one without probes and one that may run as root', () => {
      const r = render('broken', [
        join(chart, 'values-dev.yaml'),
        join(__dirname, 'test-values/broken.yaml'),
      ]);
      expect(r.status).toBe(0);
      const score = kubeScore(r.file, 'values-dev.yaml');
      expect(score.status).toBe(1);
      const critical = score.output.split('\n').filter((l) => l.startsWith('[CRITICAL]'));
      expect(critical.join('\n')).toMatch(
        /mstore-order-service .*\(order-service\) CPU limit is not set/,
      );
      expect(critical.join('\n')).toMatch(
        /mstore-order-service .*\(order-service\) Memory limit is not set/,
      );
      expect(critical.join('\n')).toMatch(/mstore-product-service .*missing a readinessProbe/);
      expect(critical.join('\n')).toMatch(
        /mstore-storefront .*\(storefront\) runAsNonRoot is false/,
      );
      // and nothing else was broken by the override
      expect(critical.filter((l) => !/order-service|product-service|storefront/.test(l))).toEqual(
        [],
      );
    });

    it('kubeconform rejects a field the schema does not know', () => {
      const good = join(out, 'values-dev.yaml');
      const bad = join(out, 'unknown-field.yaml');
      writeFileSync(
        bad,
        readFileSync(good, 'utf8').replace(
          /^ {2}revisionHistoryLimit: 5$/m,
          '  revisionHistoryLimits: 5',
        ),
      );
      const r = kubeconform(bad);
      expect(r.status).toBe(1);
      expect(r.output).toMatch(/revisionHistoryLimits/);
    });

    it('rendering stops with a clear message while a Secret name is unset', () => {
      for (const secret of ['mysql', 'mongo', 'eureka', 'keycloak']) {
        const r = render(
          `no-${secret}-secret`,
          [join(chart, 'values-prod.yaml')],
          [`${secret}.existingSecret=`],
        );
        expect(r.status).not.toBe(0);
        expect(r.output).toContain(`${secret}.existingSecret is not set`);
      }
    });

    it('helm lint rejects values outside values.schema.json', () => {
      const r = run(tools.helm, [
        'lint',
        chart,
        '-f',
        join(chart, 'values-prod.yaml'),
        '--set',
        'kafka.topics.mode=bogus',
      ]);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain(
        "at '/kafka/topics/mode': value must be one of 'job', 'strimzi', 'none'",
      );
    });
  });
});
