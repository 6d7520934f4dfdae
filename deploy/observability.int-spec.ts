// The monitoring configuration without a Prometheus server: promtool (built from its Go module,
// deploy/tools.ts) checks the scrape configuration and the alert rules and runs their unit tests;
// every metric the rules and the Grafana dashboard read must be listed in docs/metrics.md; the Helm
// chart's copies of the rules and the dashboard must not drift from them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePromtool } from './tools';

const root = join(__dirname, '..');
const prometheusDir = join(__dirname, 'observability', 'prometheus');
const dashboardFile = join(__dirname, 'observability', 'grafana', 'dashboards', 'mstore.json');
const out = join(root, 'tmp', 'deploy');

const run = (cmd: string, args: string[], cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, stdout: r.stdout };
};

/** The metric names of docs/metrics.md's tables (the first column). */
export function documentedMetrics(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^\| `([a-z_:][a-z0-9_:]*)` \|/gm)].map((m) => m[1]));
}

const PROMQL_WORDS = new Set(
  (
    'sum min max avg count stddev stdvar topk bottomk quantile count_values group by without on ' +
    'ignoring group_left group_right bool and or unless offset rate irate increase delta idelta ' +
    'deriv histogram_quantile abs ceil floor round clamp clamp_min clamp_max label_replace ' +
    'label_join vector scalar time absent absent_over_time sum_over_time avg_over_time ' +
    'max_over_time min_over_time count_over_time changes resets sort sort_desc predict_linear ' +
    'inf nan'
  ).split(' '),
);

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers,
 * ranges, grouping clauses, numbers and PromQL's own words are taken out; a histogram's
 * _bucket/_count/_sum series count as the histogram.
 */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\$\w+/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map((m) => m[0])
    .filter((w) => !PROMQL_WORDS.has(w.toLowerCase()))
    .map((w) => w.replace(/_(bucket|count|sum)$/, ''));
}

/** Each rule's `expr` of a rule file: one line, or the block under `expr: |`. */
export function ruleExpressions(yaml: string): string[] {
  const lines = yaml.split('\n');
  const exprs: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!m) return;
    if (m[2] !== '|' && m[2] !== '|-') return void exprs.push(m[2]);
    const block: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() && next.search(/\S/) <= m[1].length) break;
      block.push(next.trim());
    }
    exprs.push(block.join(' ').trim());
  });
  return exprs;
}

interface Dashboard {
  panels: { targets?: { expr: string }[] }[];
  templating: { list: { query?: unknown; definition?: string }[] };
}

describe('monitoring configuration (deploy/observability)', () => {
  let promtool: string;
  const documented = documentedMetrics(readFileSync(join(root, 'docs', 'metrics.md'), 'utf8'));

  beforeAll(async () => {
    // cold: builds promtool from github.com/prometheus/prometheus with Go (minutes, progress on stderr)
    promtool = await ensurePromtool();
  }, 30 * 60_000);

  it('passes promtool check config (scrape jobs and the rule files it loads)', () => {
    const r = run(promtool, ['check', 'config', 'prometheus.yml'], prometheusDir);
    expect(r.output).toContain('SUCCESS: prometheus.yml is valid prometheus config file syntax');
    expect(r.output).toContain('SUCCESS: 5 rules found');
    expect(r.status).toBe(0);
  });

  it('passes promtool check rules', () => {
    const r = run(promtool, ['check', 'rules', 'alerts.yml'], prometheusDir);
    expect(r.output).toContain('SUCCESS: 5 rules found');
    expect(r.status).toBe(0);
  });

  it('passes the rules unit tests (each alert fires, and stays quiet on a look-alike)', () => {
    const r = run(promtool, ['test', 'rules', 'alerts.test.yml'], prometheusDir);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('fails a rules unit test whose alert would not fire (the check can fail)', () => {
    const broken = readFileSync(join(prometheusDir, 'alerts.yml'), 'utf8').replace(
      '(outbox_lag_seconds) > 30',
      '(outbox_lag_seconds) > 300',
    );
    const dir = join(out, 'promtool-broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'alerts.yml'), broken);
    writeFileSync(
      join(dir, 'alerts.test.yml'),
      readFileSync(join(prometheusDir, 'alerts.test.yml')),
    );
    const r = run(promtool, ['test', 'rules', 'alerts.test.yml'], dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('OutboxLagging');
  });

  it("keeps the Helm chart's copies identical (files/alerts.yml, files/dashboards/mstore.json)", () => {
    // the chart can only read files inside it (.Files.Get); these are its copies of the sources here
    const chartFiles = join(__dirname, 'helm', 'mstore', 'files');
    const pairs = [
      [join(prometheusDir, 'alerts.yml'), join(chartFiles, 'alerts.yml')],
      [dashboardFile, join(chartFiles, 'dashboards', 'mstore.json')],
    ];
    for (const [source, copy] of pairs)
      expect({ copy, text: readFileSync(copy, 'utf8') }).toEqual({
        copy,
        text: readFileSync(source, 'utf8'),
      });
  });

  it('reads only metrics docs/metrics.md lists, in every alert and dashboard query', () => {
    const rules = ruleExpressions(readFileSync(join(prometheusDir, 'alerts.yml'), 'utf8'));
    expect(rules).toHaveLength(5);
    const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as Dashboard;
    const queries = [
      ...rules,
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      // label_values(<metric>, <label>): the metric only
      ...dashboard.templating.list.flatMap((v) =>
        v.definition ? [v.definition.replace(/^label_values\(([^,)]+).*$/, '$1')] : [],
      ),
    ];
    expect(queries.length).toBeGreaterThan(20);
    const used = new Set(queries.flatMap(metricsIn));
    // the alerts cover what the issue asks for
    for (const m of [
      'circuit_breaker_state',
      'outbox_lag_seconds',
      'dlq_messages_total',
      'http_server_request_duration_seconds',
      'kafka_consumergroup_lag',
      'orders_total',
      'stock_alerts_total',
    ])
      expect(used).toContain(m);
    expect([...used].filter((m) => !documented.has(m))).toEqual([]);
    // and the extraction itself sees an unlisted name
    expect(metricsIn('sum by (service) (rate(made_up_total{a="b"}[5m])) > 0')).toEqual([
      'made_up_total',
    ]);
  });
});
