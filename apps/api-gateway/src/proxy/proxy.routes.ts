import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProblemException } from '@mstore/http';
import { BODY_LIMIT } from '@mstore/platform';
import { publicMethodTable } from '../routing/method-table';
import { GATEWAY_ROUTES } from '../routing/route-table';
import { ProxiedReply, ProxiedRequest, ProxyService } from './proxy.service';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The proxied routes as plain Fastify routes: no Nest guard/pipe/interceptor on the hot path
 * (HEAD comes with each GET). Only the documented public API is forwarded: another path is a
 * 404, another method on a documented path a 405 with `Allow`. In their own scope bodies are taken
 * as raw bytes of any type, refused over 1 MiB (413), and kept so a retry can send them again.
 */
export async function registerProxyRoutes(app: NestFastifyApplication): Promise<void> {
  const proxy = app.get(ProxyService);
  const methods = publicMethodTable();
  const unrouted = (url: string) => {
    const path = url.split('?')[0];
    return methods.allowed(path)
      ? undefined
      : new ProblemException(404, 'Not Found', `No route ${path}`, { type: 'not-found' });
  };
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
        const handler = (request: ProxiedRequest, reply: ProxiedReply) => {
          // a path the public API lacks is a 404, a method it lacks a 405 with Allow: both
          // answered here, before auth or any upstream
          const refusal = methods.refusal(request.method, request.url) ?? unrouted(request.url);
          if (refusal) throw refusal;
          return proxy.handle(route, request, reply);
        };
        scope.route({ method: METHODS, url: route.prefix, handler });
        scope.route({ method: METHODS, url: `${route.prefix}/*`, handler });
      }
    });
}
