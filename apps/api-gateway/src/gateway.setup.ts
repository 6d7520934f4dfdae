import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from './config';
import { setupDocs } from './docs/docs.setup';
import { registerProxyRoutes } from './proxy/proxy.routes';

const EXPOSED = [
  'etag',
  'location',
  'retry-after',
  'ratelimit-limit',
  'ratelimit-remaining',
  'x-request-id',
];

/** The edge around the Nest app: security headers, CORS, docs and the proxied routes. */
export async function configureGateway(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  // helmet's typings target plain fastify; Nest's register accepts the same plugin
  await app.register(helmet as never, {
    // the only HTML is Swagger UI, served from this origin with its own script files
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // dev runs on plain http://localhost; upgrading would break the docs page
        upgradeInsecureRequests: null,
      },
    },
    // the storefront on another port is same-site; anything else needs CORS anyway
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  app.enableCors({
    origin: config.CORS_ORIGINS,
    credentials: true,
    exposedHeaders: EXPOSED,
    maxAge: 600,
  });
  setupDocs(app, `http://localhost:${config.PORT || 8080}`);
  await registerProxyRoutes(app);
}
