import { register } from 'prom-client';
import { counter, gauge, histogram, httpDuration, metricsRegistry } from './metrics';

describe('metrics', () => {
  afterEach(() => register.resetMetrics());

  it('hands two modules asking for the same metric the same instance', async () => {
    const a = counter('test_things_total', 'things', ['kind']);
    const b = counter('test_things_total', 'things', ['kind']);
    expect(b).toBe(a);
    a.inc({ kind: 'x' });
    b.inc({ kind: 'x' }, 2);
    expect(await register.getSingleMetricAsString('test_things_total')).toContain(
      'test_things_total{kind="x"} 3',
    );
    expect(gauge('test_level', 'level')).toBe(gauge('test_level', 'level'));
    expect(histogram('test_seconds', 'seconds')).toBe(histogram('test_seconds', 'seconds'));
  });

  it('collects the default Node metrics once, into the one process registry', async () => {
    expect(metricsRegistry()).toBe(register);
    expect(metricsRegistry()).toBe(register);
    const text = await metricsRegistry().metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
  });

  it('records HTTP durations in seconds per method, route and status, in Prometheus text', async () => {
    httpDuration().observe({ method: 'GET', route: '/api/products', status: '200' }, 0.003);
    const text = await register.getSingleMetricAsString('http_server_duration_seconds');
    expect(text).toContain('# TYPE http_server_duration_seconds histogram');
    expect(text).toContain(
      'http_server_duration_seconds_bucket{le="0.0025",method="GET",route="/api/products",status="200"} 0',
    );
    expect(text).toContain(
      'http_server_duration_seconds_bucket{le="0.005",method="GET",route="/api/products",status="200"} 1',
    );
    expect(text).toContain(
      'http_server_duration_seconds_count{method="GET",route="/api/products",status="200"} 1',
    );
  });
});
