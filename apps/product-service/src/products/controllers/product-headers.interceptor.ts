import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { etagOf } from '../services/if-match';

/** ETag on every product answer, Location on a create; keeps the routes one line each. */
@Injectable()
export class ProductHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const product = body as { id?: unknown; version?: unknown } | undefined;
        if (typeof product?.version === 'number' && typeof product.id === 'string') {
          reply.header('etag', etagOf(product.version));
          if (request.method === 'POST') reply.header('location', `/api/products/${product.id}`);
        }
        return body;
      }),
    );
  }
}
