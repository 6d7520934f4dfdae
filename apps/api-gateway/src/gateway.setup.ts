import fastifyCors, { FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HelmetOptions } from 'helmet';
import { AppConfig } from './config';
import { setupDocs } from './docs/docs.setup';
import { registerProxyRoutes } from './proxy/proxy.routes';
import { securityHeaders } from './security/security-headers';

/** Every method the public API answers (HEAD with each GET, OPTIONS for the preflight itself). */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/**
 * Request headers a storefront may send: auth, bodies, retries, conditional requests, SSE resume
 * (lower case, as browsers send them; the names compare without case).
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'last-event-id',
];
/**
 * Answer headers a storefront may read: validators, new resources, back-off hints, the rate
 * limiter's (the proxy sends RateLimit-Limit and -Remaining; -Reset and -Policy are listed for the
 * draft's full set) and order-service's replay flag.
 */
export const CORS_EXPOSED_HEADERS = [
  'etag',
  'location',
  'retry-after',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
  'idempotent-replayed',
  'x-request-id',
];

/**
 * JSON answers are never rendered: the OWASP REST set (no framing, no content of their own, no
 * sniffing, HTTPS only) instead of the browser-page headers, which every answer would pay for.
 */
const API_SECURITY: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-site' },
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** The edge around the Nest app: security headers, CORS, docs and the proxied routes. */
export async function configureGateway(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  const docsHeaders = securityHeaders({
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
  const apiHeaders = securityHeaders(API_SECURITY);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/') ? apiHeaders : docsHeaders);
    done();
  });
  const cors = {
    origin: config.CORS_ORIGINS,
    credentials: true,
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  };
  const notCors = { origin: false };
  // the plugin itself rather than app.enableCors: Nest's wrapper copies every reply's headers to
  // the raw response for the sake of Nest middleware, which no service uses
  const delegator: FastifyCorsOptionsDelegateCallback = (request, done) =>
    // without an Origin header it is no CORS request: no CORS headers (Vary: Origin still set)
    done(null, request.headers.origin ? cors : notCors);
  // (Nest bundles its own copy of Fastify's types, which the plugin's signature does not name)
  await fastify.register(fastifyCors as never, { delegator });
  setupDocs(app, `http://localhost:${config.PORT || 8080}`);
  await registerProxyRoutes(app);
}
