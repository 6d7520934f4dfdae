import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from './config';
import { setupDocs } from './docs/docs.setup';
import { registerProxyRoutes } from './proxy/proxy.routes';
import { securityHeaders } from './security/security-headers';

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
  const security = securityHeaders({
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
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.headers(security);
      done();
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
