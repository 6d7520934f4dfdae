import { register } from 'prom-client';
import {
  counter,
  errorType,
  gauge,
  histogram,
  httpClientDuration,
  httpServerDuration,
  metricsRegistry,
} from './metrics';

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

  it('records HTTP server durations under the semantic-convention name and labels', async () => {
    httpServerDuration().observe(
      { http_request_method: 'GET', http_route: '/api/products', http_response_status_code: '200' },
      0.003,
    );
    const text = await register.getSingleMetricAsString('http_server_request_duration_seconds');
    expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
    const labels =
      'http_request_method="GET",http_route="/api/products",http_response_status_code="200"';
    expect(text).toContain(`http_server_request_duration_seconds_bucket{le="0.0025",${labels}} 0`);
    expect(text).toContain(`http_server_request_duration_seconds_bucket{le="0.005",${labels}} 1`);
    expect(text).toContain(`http_server_request_duration_seconds_count{${labels}} 1`);
  });

  it('records HTTP client durations per service called, with an error type when unanswered', async () => {
    const client = httpClientDuration();
    client.observe(
      {
        http_request_method: 'POST',
        server_address: 'inventory-service',
        http_response_status_code: '201',
      },
      0.02,
    );
    client.observe(
      {
        http_request_method: 'GET',
        server_address: 'product-service',
        error_type: errorType(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })),
      },
      0.001,
    );
    const text = await register.getSingleMetricAsString('http_client_request_duration_seconds');
    expect(text).toContain(
      'http_client_request_duration_seconds_count{http_request_method="POST",server_address="inventory-service",http_response_status_code="201"} 1',
    );
    expect(text).toContain(
      'http_client_request_duration_seconds_count{http_request_method="GET",server_address="product-service",error_type="ECONNREFUSED"} 1',
    );
  });

  it.each([
    [Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'UND_ERR_HEADERS_TIMEOUT'],
    [new DOMException('gone', 'TimeoutError'), 'timeout'],
    [new Error('who knows'), '_OTHER'],
    [Object.assign(new Error('odd'), { code: 'not a code; drop table' }), '_OTHER'],
  ])('names the error type of an unanswered request (%s)', (error, type) => {
    expect(errorType(error)).toBe(type);
  });
});
