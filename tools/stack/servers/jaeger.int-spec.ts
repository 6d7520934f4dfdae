import { randomBytes } from 'node:crypto';
// ensureJaeger builds and starts the stack's Jaeger on first use
import { ensureJaeger, stopServer, type TracesEnv } from './index';

/**
 * The trace backend the services will export to (Jaeger v2: OTLP in, the query API out): one span
 * sent as OTLP/HTTP JSON, as the services' exporters send it, and read back by its service name.
 */
describe('Jaeger, the traces backend', () => {
  let env: TracesEnv;

  // a cold machine builds Jaeger first: several minutes at idle priority on 2 cores
  beforeAll(async () => {
    env = await ensureJaeger({ quiet: true });
  }, 30 * 60_000);

  afterAll(async () => {
    if (env?.started) await stopServer('jaeger');
  });

  it('keeps an OTLP/HTTP span and answers it from /api/traces', async () => {
    const service = `jaeger-int-spec-${randomBytes(3).toString('hex')}`;
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    const end = BigInt(Date.now()) * 1_000_000n;
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [attr('service.name', service)] },
          scopeSpans: [
            {
              scope: { name: 'jaeger.int-spec' },
              spans: [
                {
                  traceId,
                  spanId,
                  name: 'GET /api/products',
                  kind: 2, // server
                  startTimeUnixNano: String(end - 5_000_000n),
                  endTimeUnixNano: String(end),
                  attributes: [attr('http.request.method', 'GET')],
                },
              ],
            },
          ],
        },
      ],
    };

    const sent = await fetch(`${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(sent.status).toBe(200);

    // the batch processor hands it to storage within about a second
    const trace = await poll(async () => {
      const res = await fetch(`${env.JAEGER_QUERY_URL}/api/traces?service=${service}`);
      return res.ok ? ((await res.json()) as { data: JaegerTrace[] }).data[0] : undefined;
    });
    expect(trace.traceID).toBe(traceId);
    expect(trace.spans).toEqual([
      expect.objectContaining({ spanID: spanId, operationName: 'GET /api/products' }),
    ]);
    expect(trace.processes[trace.spans[0].processID].serviceName).toBe(service);
  });
});

interface JaegerTrace {
  traceID: string;
  spans: { spanID: string; operationName: string; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

async function poll<T>(get: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
