import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sendProblem, toProblem } from '@mstore/http';
import { HealthController, metricsRegistry } from '@mstore/observability';
import Fastify, { type FastifyInstance } from 'fastify';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';

/** What the management port answers for health: the app's own HealthController. */
export interface HealthRoutes {
  live(): unknown;
  ready(): Promise<unknown>;
}

/**
 * The operators' listener: /metrics (the process's prom-client registry) and the same health
 * checks as the public port. Only this port serves /metrics, so it never faces the internet.
 */
export function buildManagementServer(health: HealthRoutes, logger: Logger): FastifyInstance {
  // collecting the default Node metrics starts now, not at the first scrape
  const registry = metricsRegistry();
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  server.get('/health/live', async () => health.live());
  server.get('/health/ready', async () => health.ready());
  // the public port's problem+json answers: a not-ready 503 names its checks, as there
  server.setErrorHandler((error, request, reply) => {
    const { problem, headers } = toProblem(error, logger, request.url.split('?')[0]);
    return sendProblem(reply, problem, headers);
  });
  server.setNotFoundHandler((request, reply) => {
    const { problem } = toProblem(new NotFoundException(), logger, request.url.split('?')[0]);
    return sendProblem(reply, problem);
  });
  return server;
}

/** Listens on MANAGEMENT_PORT before the public port opens, and closes with the app. */
export async function startManagementServer(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
): Promise<FastifyInstance> {
  const server = buildManagementServer(app.get(HealthController), logger);
  await server.listen({ port: config.MANAGEMENT_PORT, host: config.HOST });
  const port = (server.server.address() as AddressInfo).port;
  if (config.MANAGEMENT_PORT_FILE) writeFileSync(config.MANAGEMENT_PORT_FILE, String(port));
  // runService's shutdown closes the app, and with it this listener
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      await server.close();
    });
  logger.info({ port }, 'management port listening (/metrics, /health)');
  return server;
}
