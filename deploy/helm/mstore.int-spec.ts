// The Helm chart (deploy/helm/mstore) without a cluster: helm lint and helm template with each values
// file, kubeconform -strict against the pinned Kubernetes schemas, and the kube-score policy
// (infra/kube-score: probes, limits, runAsNonRoot and the default checks). The checks are shown to
// fail: a test-only override that breaks the pods, an unknown field, an unset Secret name. Traces
// (tracing.*: the OTEL_* variables, the egress to the collector) and monitoring (metrics.*: the
// PodMonitors, the PrometheusRule through promtool, the Grafana dashboard) are rendered on and off.
import { ALL_TOPICS, dlqTopic } from '@mstore/contracts';
import { samplerFromEnv } from '@mstore/platform/tracing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBERNETES_VERSION, ensurePromtool, ensureTools, type Tools } from '../tools';

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

/** The value of each environment variable of a Deployment (`- name: X` then `value: "…"`). */
function envOf(deployment: string): Record<string, string> {
  return Object.fromEntries(
    [...deployment.matchAll(/^ {12}- name: ([A-Z][A-Z0-9_]*)\n {14}value: "([^"]*)"$/gm)].map(
      (m) => [m[1], m[2]],
    ),
  );
}

/** The text of a block scalar or mapping below `key` at `indent`, without that indentation. */
function blockBelow(text: string, heading: RegExp, indent: number): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && !line.startsWith(' '.repeat(indent))) break;
    body.push(line.slice(indent));
  }
  return body.join('\n').trimEnd();
}

/**
 * The OTEL_* variables something in the services reads: libs/platform/src/tracing.ts itself, or
 * the OpenTelemetry SDK it starts (sdk-node, its resource detectors, the OTLP exporter's settings).
 */
function otelNamesRead(): string {
  const dist = ['sdk-node', 'resources', 'otlp-exporter-base'].flatMap((pkg) => {
    const dir = join(root, 'node_modules/@opentelemetry', pkg, 'dist');
    return (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.cjs'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
  });
  return [readFileSync(join(root, 'libs/platform/src/tracing.ts'), 'utf8'), ...dist].join('\n');
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
      const otel = otelNamesRead();
      for (const app of apps) {
        const d = documents(rendered).find(
          (x) => x.kind === 'Deployment' && x.name === `mstore-${app}`,
        )!;
        const own = readFileSync(join(root, 'apps', app, 'src/config.ts'), 'utf8');
        const names = [...d.text.matchAll(/^ {12}- name: ([A-Z][A-Z0-9_]*)$/gm)].map((m) => m[1]);
        expect(names.length).toBeGreaterThan(10);
        // the OTEL_* ones are read by the tracing setup and the OpenTelemetry SDK, not config.ts
        const unknown = names.filter((n) =>
          n.startsWith('OTEL_')
            ? !otel.includes(`"${n}"`) && !otel.includes(`'${n}'`) && !otel.includes(`${n} `)
            : !new RegExp(`\\b${n}:`).test(base + own),
        );
        expect({ app, unknown }).toEqual({ app, unknown: [] });
      }
    });

    it("traces to the values file's collector (dev: the in-cluster Jaeger), or disables the SDK (prod)", () => {
      const tracingOn = valuesFile === 'values-dev.yaml';
      for (const app of apps) {
        const deployment = documents(rendered).find(
          (x) => x.kind === 'Deployment' && x.name === `mstore-${app}`,
        )!.text;
        const env = envOf(deployment);
        const otel = Object.keys(env).filter((n) => n.startsWith('OTEL_'));
        const policy = documents(rendered).find(
          (x) => x.kind === 'NetworkPolicy' && x.name === `mstore-${app}`,
        )!.text;
        if (tracingOn) {
          expect({ app, env }).toMatchObject({
            app,
            env: {
              OTEL_SERVICE_NAME: app,
              OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
              OTEL_TRACES_SAMPLER: 'parentbased_always_on',
              OTEL_RESOURCE_ATTRIBUTES: `service.namespace=mstore,service.version=dev,k8s.namespace.name=mstore,k8s.deployment.name=mstore-${app},deployment.environment.name=dev`,
            },
          });
          expect(otel).not.toContain('OTEL_SDK_DISABLED');
          expect(otel).not.toContain('OTEL_TRACES_SAMPLER_ARG');
          // the egress to the collector: its port, to the Jaeger pods only
          expect(policy).toMatch(
            /# the OTLP collector \(http:\/\/jaeger:4318\)\n\s+- ports:\n\s+- \{ protocol: TCP, port: 4318 \}\n\s+to:\n\s+- podSelector:\n\s+matchLabels:\n\s+app: jaeger\n/,
          );
        } else {
          expect({ app, otel, disabled: env.OTEL_SDK_DISABLED }).toEqual({
            app,
            otel: ['OTEL_SDK_DISABLED'],
            disabled: 'true',
          });
          expect(policy).not.toContain('4318');
        }
      }
      // the storefront has no tracing: none of the variables, no egress to a collector
      const storefront = documents(rendered).filter((x) => x.name === 'mstore-storefront');
      for (const d of storefront) expect(d.text).not.toMatch(/OTEL_|4318/);
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

  describe('traces and monitoring on (values-prod.yaml + test-values/observability.yaml)', () => {
    let rendered: string;
    let docs: ReturnType<typeof documents>;
    const find = (kind: string, name: string) => {
      const d = docs.find((x) => x.kind === kind && x.name === name);
      expect({ kind, name, found: Boolean(d) }).toEqual({ kind, name, found: true });
      return d!.text;
    };

    beforeAll(() => {
      const r = render('observability', [
        join(chart, 'values-prod.yaml'),
        join(__dirname, 'test-values/observability.yaml'),
      ]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      rendered = r.file;
      docs = documents(rendered);
    });

    it("keeps the services' own default sampler as the chart's default", () => {
      const values = readFileSync(join(chart, 'values.yaml'), 'utf8');
      const chartDefault = /^tracing:\n(?: {2}.*\n|\s*\n)*? {2}sampler: (\S+)$/m.exec(values)?.[1];
      expect(chartDefault).toBe('parentbased_always_on');
      // what the services do with no OTEL_TRACES_SAMPLER is what the chart's default asks for
      expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: chartDefault }).toString()).toBe(
        samplerFromEnv({}).toString(),
      );
    });

    it('passes helm lint --strict, kubeconform -strict (the CRD kinds skipped by name) and kube-score', () => {
      const lint = run(tools.helm, [
        'lint',
        chart,
        '--strict',
        '-f',
        join(chart, 'values-prod.yaml'),
        '-f',
        join(__dirname, 'test-values/observability.yaml'),
      ]);
      expect(lint.output).toContain('1 chart(s) linted, 0 chart(s) failed');
      const r = kubeconform(rendered);
      expect(r.output).toMatch(/Invalid: 0, Errors: 0/);
      expect(r.status).toBe(0);
      const skipped = docs.filter((d) => policy.skipKinds.some((k) => k.kind === d.kind));
      expect(new Set(skipped.map((d) => d.kind))).toEqual(
        new Set(['KafkaTopic', 'PodMonitor', 'PrometheusRule']),
      );
      expect(r.output).toContain(`Skipped: ${skipped.length}`);
      // every other kind, the dashboard's ConfigMap among them, was validated strictly
      expect(r.output).toContain(`Valid: ${docs.length - skipped.length},`);
      const score = kubeScore(rendered, 'values-prod.yaml');
      expect(score.output).not.toContain('[CRITICAL]');
      expect(score.status).toBe(0);
    });

    it("gives every service the collector's endpoint, the sampler and its ratio, and the egress to it", () => {
      for (const app of apps) {
        const env = envOf(find('Deployment', `mstore-${app}`));
        expect({ app, env }).toMatchObject({
          app,
          env: {
            OTEL_SERVICE_NAME: app,
            OTEL_EXPORTER_OTLP_ENDPOINT:
              'http://otel-collector.observability.svc.cluster.local:4318',
            OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
            OTEL_TRACES_SAMPLER_ARG: '0.25',
            OTEL_RESOURCE_ATTRIBUTES: `service.namespace=mstore,service.version=0.1.0,k8s.namespace.name=mstore,k8s.deployment.name=mstore-${app},deployment.environment.name=prod`,
          },
        });
        expect(env).not.toHaveProperty('OTEL_SDK_DISABLED');
        expect(find('NetworkPolicy', `mstore-${app}`)).toMatch(
          /- ports:\n\s+- \{ protocol: TCP, port: 4318 \}\n\s+to:\n\s+- namespaceSelector:\n\s+matchLabels:\n\s+kubernetes\.io\/metadata\.name: observability\n\s+podSelector:\n\s+matchLabels:\n\s+app\.kubernetes\.io\/name: otel-collector\n/,
        );
      }
      expect(find('Deployment', 'mstore-storefront')).not.toContain('OTEL_');
    });

    it('scrapes each service with a PodMonitor on the port its NetworkPolicy admits the scraper on', () => {
      const monitors = docs.filter((d) => d.kind === 'PodMonitor');
      expect(monitors.map((d) => d.name).sort()).toEqual(apps.map((a) => `mstore-${a}`).sort());
      for (const app of apps) {
        const monitor = find('PodMonitor', `mstore-${app}`);
        const deployment = find('Deployment', `mstore-${app}`);
        const portName = /- port: (\w+)\n\s+path: \/metrics\n/.exec(monitor)?.[1];
        expect({ app, portName }).toEqual({
          app,
          portName: app === 'api-gateway' ? 'management' : 'http',
        });
        // that named port of the pod: 8081 on the gateway (its management port), 8080 elsewhere
        const port = Number(
          new RegExp(`- name: ${portName}\\n\\s+containerPort: (\\d+)`).exec(deployment)?.[1],
        );
        expect({ app, port }).toEqual({ app, port: app === 'api-gateway' ? 8081 : 8080 });
        // the pods' own scrape annotation names the same port
        expect(deployment).toContain(`prometheus.io/port: "${port}"`);
        // and networkPolicy.metricsFrom (the monitoring namespace) is admitted on it
        expect(find('NetworkPolicy', `mstore-${app}`)).toMatch(
          new RegExp(
            `- from:\\n\\s+- namespaceSelector:\\n\\s+matchLabels:\\n\\s+kubernetes\\.io/metadata\\.name: monitoring\\n\\s+ports:\\n\\s+- \\{ protocol: TCP, port: ${port} \\}`,
          ),
        );
        // it selects exactly the Deployment's pods and labels them as the rules group by
        expect(blockBelow(monitor, /^ {2}selector:$/, 4)).toBe(
          blockBelow(deployment, /^ {2}selector:$/, 4),
        );
        expect(monitor).toMatch(new RegExp(`targetLabel: service\\n\\s+replacement: ${app}\\n`));
        expect(monitor).toContain('release: kube-prometheus-stack');
      }
      // the storefront serves no /metrics: not scraped, and its policy admits no scraper
      expect(find('NetworkPolicy', 'mstore-storefront')).not.toContain('monitoring');
    });

    it(
      'renders the alert rules of deploy/observability as they are, and promtool accepts them',
      async () => {
        const rule = find('PrometheusRule', 'mstore-alerts');
        expect(rule).toContain('release: kube-prometheus-stack');
        const spec = blockBelow(rule, /^spec:$/, 2);
        expect(spec).toBe(
          readFileSync(join(__dirname, '../observability/prometheus/alerts.yml'), 'utf8').trimEnd(),
        );
        const file = join(out, 'rendered-alerts.yml');
        writeFileSync(file, `${spec}\n`);
        const r = run(await ensurePromtool(), ['check', 'rules', file]);
        expect(r.output).toContain('SUCCESS: 5 rules found');
        expect(r.status).toBe(0);
      },
      30 * 60_000,
    );

    it("puts the Grafana dashboard of deploy/observability in a ConfigMap for Grafana's sidecar", () => {
      const configMap = find('ConfigMap', 'mstore-dashboard');
      expect(configMap).toMatch(/^ {4}grafana_dashboard: "1"$/m);
      expect(configMap).toMatch(/^ {2}namespace: monitoring$/m);
      expect(configMap).toMatch(/^ {4}grafana_folder: "MStore"$/m);
      const json = blockBelow(configMap, /^ {2}mstore\.json: \|-$/, 4);
      const source = readFileSync(
        join(__dirname, '../observability/grafana/dashboards/mstore.json'),
        'utf8',
      );
      expect(json).toBe(source.trimEnd());
      expect(JSON.parse(json)).toEqual(JSON.parse(source));
    });

    it('has none of them while metrics.* and tracing are off (values-prod.yaml alone)', () => {
      const prod = documents(join(out, 'values-prod.yaml'));
      expect(prod.filter((d) => ['PodMonitor', 'PrometheusRule'].includes(d.kind))).toEqual([]);
      expect(prod.filter((d) => d.kind === 'ConfigMap')).toEqual([]);
    });

    it('stops with a clear message on a tracing or monitoring setting that could not work', () => {
      const prodValues = join(chart, 'values-prod.yaml');
      const cases: [string, string[], string][] = [
        [
          'tracing-no-endpoint',
          ['tracing.enabled=true'],
          'tracing.otlpEndpoint is required while tracing.enabled',
        ],
        [
          'tracing-port-blocked',
          ['tracing.enabled=true', 'tracing.otlpEndpoint=https://otel.example.com'],
          "tracing.otlpEndpoint's port 443 is not in tracing.networkPolicy.ports [4318]",
        ],
        [
          'tracing-grpc',
          ['tracing.enabled=true', 'tracing.otlpEndpoint=grpc://otel:4317'],
          "at '/tracing/otlpEndpoint': 'grpc://otel:4317' does not match pattern",
        ],
        [
          'podmonitor-unreachable',
          ['metrics.podMonitor.enabled=true', 'networkPolicy.metricsFrom=null'],
          'metrics.podMonitor.enabled needs networkPolicy.metricsFrom',
        ],
      ];
      for (const [name, set, message] of cases) {
        const r = render(name, [prodValues], set);
        expect({ name, status: r.status }).toEqual({ name, status: 1 });
        expect(r.output).toContain(message);
      }
      // with the port allowed, the same https endpoint renders
      const ok = render(
        'tracing-https',
        [prodValues],
        [
          'tracing.enabled=true',
          'tracing.otlpEndpoint=https://otel.example.com',
          'tracing.networkPolicy.ports={443}',
        ],
      );
      expect(ok.status).toBe(0);
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
