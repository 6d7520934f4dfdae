import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseConfig } from '@mstore/config';
import { EurekaDiscovery } from '@mstore/discovery';
import { DatabaseNames, MethodTable, ProblemFilter, sendProblem, toProblem } from '@mstore/http';
import { httpServerDuration, PinoNestLogger } from '@mstore/observability';
import { trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { serviceContextOf } from './platform.module';
import { stopTracing } from './tracing';
import { buildOpenApi } from './zod-openapi';

export const BODY_LIMIT = 1024 * 1024;

export interface ServiceDefinition {
  appName: string;
  config: BaseConfig;
  logger: Logger;
  module: Type | DynamicModule;
  /** Its databases by kind, as a 503 names them when one is down (e.g. `{ mysql: 'orders' }`). */
  databases?: DatabaseNames;
  /** Whose X-Forwarded-For Fastify believes (request.ip): by default any peer, as the services
   * sit behind the gateway; the gateway names its proxies. */
  trustProxy?: boolean | string[];
  /** Extra Fastify setup (the gateway's proxy routes, content parsers). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/** Builds the Nest app on Fastify with the shared conventions; does not listen. */
export async function createService(def: ServiceDefinition): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: def.logger,
    disableRequestLogging: !def.config.LOG_REQUESTS,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    trustProxy: def.trustProxy ?? true,
    // no service uses Nest middleware: spare every request middie's hook
    skipMiddie: true,
  });
  // every route's methods, so a known path asked with another method answers 405 with Allow
  const methods = new MethodTable();
  adapter.getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) methods.add(method, route.url);
  });
  const app = await NestFactory.create<NestFastifyApplication>(def.module as Type, adapter, {
    logger: new PinoNestLogger(def.logger),
    bufferLogs: false,
  });
  const problemOptions = { databases: def.databases };
  app.useGlobalFilters(new ProblemFilter(def.logger, methods, problemOptions));
  const fastify = app.getHttpAdapter().getInstance();
  const duration = httpServerDuration();
  // callback hooks: an async hook costs every request a promise and a microtask turn
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // the HTTP instrumentation knows no routes: name the server span by its route (semconv)
    const route = request.routeOptions.url;
    if (route)
      trace
        .getActiveSpan()
        ?.setAttribute('http.route', route)
        .updateName(`${request.method} ${route}`);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      {
        http_request_method: request.method,
        http_route: route,
        http_response_status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  // errors raised before Nest sees the request (body parsing, size) become problems too
  fastify.setErrorHandler((error, request, reply) => {
    const { problem, headers } = toProblem(
      error,
      def.logger,
      request.url.split('?')[0],
      problemOptions,
    );
    return sendProblem(reply, problem, headers);
  });
  // unknown routes: Nest's own not-found handler throws NotFoundException, which ProblemFilter
  // renders as a 404 problem (a second fastify.setNotFoundHandler here made Nest's init fail)
  await def.configure?.(app);
  // each service publishes its own spec; `npm run openapi` commits them and the gateway merges them
  const spec = buildOpenApi(app, def.appName);
  fastify.get('/openapi.json', (_request, reply) => reply.send(spec));
  return app;
}

/** Listens on the configured (often ephemeral) port, registers in Eureka and shuts down gracefully. */
export async function runService(def: ServiceDefinition): Promise<INestApplication> {
  // process warnings as log lines (kafkajs' TimeoutNegativeWarning is gone with its idle correction)
  process.removeAllListeners('warning');
  process.on('warning', (w) => def.logger.warn({ warning: w.message }, w.name));
  const app = await createService(def);
  await app.listen({ port: def.config.PORT, host: def.config.HOST });
  const port = (app.getHttpServer().address() as AddressInfo).port;
  if (def.config.PORT_FILE) writeFileSync(def.config.PORT_FILE, String(port));
  const discovery = app.get(EurekaDiscovery);
  discovery.start(port);
  def.logger.info({ port, app: def.appName }, 'listening');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    def.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), def.config.SHUTDOWN_GRACE_MS + 5000);
    force.unref();
    try {
      // leave the registry first so peers stop picking this instance, then drain
      await discovery.stop();
      await app.close();
      await stopTracing();
      process.exit(0);
    } catch (error) {
      def.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return app;
}

/**
 * main.ts's one call: runs the app whose AppModule imports PlatformModule.forRoot() (which has
 * loaded the config and made the logger); a failed start is logged and exits 1.
 */
export function bootstrap(module: Type): void {
  const service = serviceContextOf(module);
  runService({ ...service, module }).catch((error: unknown) => {
    service.logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  });
}
