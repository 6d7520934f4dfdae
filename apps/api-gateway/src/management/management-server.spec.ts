import { ServiceUnavailableException } from '@nestjs/common';
import { counter } from '@mstore/observability';
import pino from 'pino';
import { configSchema } from '../config';
import { buildManagementServer, type HealthRoutes } from './management-server';

const logger = pino({ level: 'silent' });
const up: HealthRoutes = { live: () => ({ status: 'ok' }), ready: async () => ({ status: 'ok' }) };

describe(buildManagementServer.name, () => {
  it('serves the process registry in Prometheus text format', async () => {
    counter('management_spec_total', 'a metric of the shared registry').inc();
    const server = buildManagementServer(up, logger);
    const reply = await server.inject({ method: 'GET', url: '/metrics' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(reply.body).toContain('management_spec_total 1');
    expect(reply.body).toContain('process_cpu_user_seconds_total');
  });

  it('answers the health routes from the app’s checks', async () => {
    const server = buildManagementServer(up, logger);
    expect((await server.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({
      status: 'ok',
    });
    expect((await server.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });

  it('answers not ready as the public port does: 503 problem+json with the checks', async () => {
    const details = { kafka: { status: 'down' } };
    const down: HealthRoutes = {
      ...up,
      ready: () => Promise.reject(new ServiceUnavailableException({ status: 'error', details })),
    };
    const reply = await buildManagementServer(down, logger).inject({
      method: 'GET',
      url: '/health/ready',
    });
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json()).toMatchObject({ status: 503, checks: details });
  });

  it('answers anything else 404 problem+json', async () => {
    const reply = await buildManagementServer(up, logger).inject({ method: 'GET', url: '/api/x' });
    expect(reply.statusCode).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json()).toMatchObject({ status: 404 });
  });
});

describe('MANAGEMENT_PORT', () => {
  it('defaults to 8081 beside the public 8080', () => {
    const config = configSchema.parse({});
    expect(config.PORT).toBe(8080);
    expect(config.MANAGEMENT_PORT).toBe(8081);
  });

  it('must differ from PORT, unless ephemeral', () => {
    const same = configSchema.safeParse({ PORT: '9000', MANAGEMENT_PORT: '9000' });
    expect(same.error?.issues.map((i) => i.path.join('.'))).toEqual(['MANAGEMENT_PORT']);
    expect(configSchema.parse({ PORT: '0', MANAGEMENT_PORT: '0' }).MANAGEMENT_PORT).toBe(0);
  });
});
