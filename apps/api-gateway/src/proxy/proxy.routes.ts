import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BODY_LIMIT } from '@mstore/platform';
import { GATEWAY_ROUTES } from '../routing/route-table';
import { ProxiedReply, ProxiedRequest, ProxyService } from './proxy.service';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The proxied routes as plain Fastify routes: no Nest guard/pipe/interceptor on the hot path
 * (HEAD comes with each GET). In their own scope bodies are taken as raw bytes of any type,
 * refused over 1 MiB (413), and kept so a retry can send them again.
 */
export async function registerProxyRoutes(app: NestFastifyApplication): Promise<void> {
  const proxy = app.get(ProxyService);
  await app
    .getHttpAdapter()
    .getInstance()
    .register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
        (_request, body, done) => done(null, body),
      );
      for (const route of GATEWAY_ROUTES) {
        const handler = (request: ProxiedRequest, reply: ProxiedReply) =>
          proxy.handle(route, request, reply);
        scope.route({ method: METHODS, url: route.prefix, handler });
        scope.route({ method: METHODS, url: `${route.prefix}/*`, handler });
      }
    });
}
