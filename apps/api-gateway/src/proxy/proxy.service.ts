import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mstore/auth';
import { ServiceName } from '@mstore/contracts';
import { ProblemException, serviceUnavailable } from '@mstore/http';
import { APP_LOGGER } from '@mstore/platform';
import { CIRCUIT_OPEN, DependencyUnavailable, withoutStack } from '@mstore/resilience';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { EdgeAuthService } from '../auth/edge-auth.service';
import { CachedAnswer, CatalogCache } from '../catalog-cache/catalog-cache';
import { etagOf, ifNoneMatchHits } from '../catalog-cache/etag';
import { isShareable } from '../catalog-cache/shareable';
import { CatalogMissLimiter } from '../rate-limit/catalog-miss-limiter';
import { TokenBucketLimiter } from '../rate-limit/token-bucket-limiter';
import { GatewayRoute } from '../routing/route-table';
import { downstreamHeaders, upstreamHeaders } from './forward-headers';
import { UpstreamCall, UpstreamClient } from './upstream-client';

const READS = new Set(['GET', 'HEAD']);
const NO_BODY_STATUS = new Set([204, 304]);
/** Answers up to this size are read whole and sent in one write; larger or unsized ones stream. */
const BUFFERED_BODY_MAX = 64 * 1024;
/** A `..` segment, literal or percent-encoded: never let a path climb out of its prefix. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){2}(\/|$)/i;
const CATALOG_HEADERS = [
  'content-type',
  // a 503 (never stored: only 200s are) keeps its Retry-After on the way through
  'retry-after',
  'cache-control',
  'last-modified',
  'vary',
  'content-language',
];
/**
 * Left out of the fetch behind the shared catalog cache: the client's conditions (the gateway
 * answers them from its own copy) and anything of the caller's, so the copy every caller is served
 * is by construction the anonymous answer (identity-encoded, as the cache keeps it).
 */
const NOT_SHARED_UPSTREAM = [
  'if-none-match',
  'if-modified-since',
  'authorization',
  'cookie',
  'accept-encoding',
];
/** A shared (anonymous) answer a caller with credentials is not served: they get their own. */
const CREDENTIALS_MATTER = new Set([401, 403]);
const RATE_LIMITED = 'Rate limit exceeded; retry later.';
const MISSES_LIMITED =
  'Too many catalog reads that are not cached (each one queries the catalog); retry later.';

/** What the proxy uses of Fastify's request and reply (Nest ships its own Fastify copy). */
export interface ProxiedRequest {
  id: string;
  url: string;
  method: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
  socket: Socket;
  /** The client: the peer, or by X-Forwarded-For when the peer is a trusted proxy (TRUSTED_PROXIES). */
  ip: string;
}
export interface ProxiedReply {
  raw: ServerResponse;
  code(status: number): ProxiedReply;
  header(name: string, value: string): ProxiedReply;
  headers(values: Record<string, string | string[]>): ProxiedReply;
  send(payload?: unknown): ProxiedReply;
}

const notFound = (path: string) =>
  new ProblemException(404, 'Not Found', `No route ${path}`, { type: 'not-found' });

/** The hot path of every proxied request: auth, rate limit, catalog cache, then the stream upstream. */
@Injectable()
export class ProxyService {
  constructor(
    private readonly auth: EdgeAuthService,
    private readonly limiter: TokenBucketLimiter,
    private readonly misses: CatalogMissLimiter,
    private readonly upstream: UpstreamClient,
    private readonly catalog: CatalogCache,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(
    route: GatewayRoute,
    request: ProxiedRequest,
    reply: ProxiedReply,
  ): Promise<unknown> {
    const url = request.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (DOT_SEGMENT.test(path)) throw notFound(path);
    const method = request.method;
    const principal = await this.identify(request, reply);
    this.auth.authorize(route.access(method, path), principal);

    const call: UpstreamCall = {
      method: method as Dispatcher.HttpMethod,
      path: url,
      headers: upstreamHeaders(request.headers, {
        requestId: request.id,
        clientIp: request.ip,
        proto: 'encrypted' in request.socket ? 'https' : 'http',
      }),
      body: READS.has(method) ? undefined : (request.body as Buffer | undefined),
      idempotent: READS.has(method) || request.headers['idempotency-key'] !== undefined,
    };
    if (route.service === ServiceName.Product) {
      // signed in or not: the token was verified above, and the catalog's reads are public
      if (READS.has(method))
        return this.serveCatalog(call, request, reply, bucketOf(request, principal));
      const response = await this.forward(route.service, call);
      // read-your-writes on this instance; other instances hear it from product-events
      if (response.statusCode < 300) this.catalog.invalidate();
      return this.relay(response, method, reply);
    }
    if (method === 'GET' && path.endsWith('/stream')) this.endWithClient(call, reply);
    return this.relay(await this.forward(route.service, call), method, reply);
  }

  /** The caller, charged to their bucket first: per user, per IP when anonymous or refused. */
  private async identify(
    request: ProxiedRequest,
    reply: ProxiedReply,
  ): Promise<Principal | undefined> {
    let principal: Principal | undefined;
    try {
      principal = await this.auth.authenticate(request.headers.authorization);
    } catch (error) {
      // a stream of bad tokens spends the IP's budget like anonymous calls do
      this.limit(this.limiter, bucketOf(request, undefined), reply, RATE_LIMITED);
      throw error;
    }
    this.limit(this.limiter, bucketOf(request, principal), reply, RATE_LIMITED);
    return principal;
  }

  /** Takes a token of the key's bucket; its state goes out as RateLimit headers, 429 when empty. */
  private limit(
    limiter: TokenBucketLimiter,
    key: string,
    reply: ProxiedReply,
    detail: string,
  ): void {
    const result = limiter.take(key);
    const headers = {
      'ratelimit-limit': String(result.limit),
      'ratelimit-remaining': String(result.remaining),
    };
    if (result.allowed) {
      reply.headers(headers);
      return;
    }
    // a flood is refused many times a second: no stack to capture for each refusal
    throw withoutStack(
      () =>
        new ProblemException(429, 'Too Many Requests', detail, {
          headers: { ...headers, 'retry-after': String(result.retryAfterSeconds) },
        }),
    );
  }

  private async forward(service: string, call: UpstreamCall): Promise<Dispatcher.ResponseData> {
    try {
      return await this.upstream.send(service, call);
    } catch (error) {
      if (!(error instanceof DependencyUnavailable)) throw error;
      const answer = () =>
        serviceUnavailable(`${service} is unavailable; retry later.`, error.retryAfterSeconds);
      // an open breaker's refusals are logged once, as its state change (one line per call is a flood)
      if (error.reason === CIRCUIT_OPEN) throw withoutStack(answer);
      this.logger.warn({ upstream: service, reason: error.reason }, 'upstream unavailable');
      throw answer();
    }
  }

  private async relay(
    response: Dispatcher.ResponseData,
    method: string,
    reply: ProxiedReply,
  ): Promise<ProxiedReply> {
    reply.code(response.statusCode).headers(downstreamHeaders(response.headers));
    if (method === 'HEAD' || NO_BODY_STATUS.has(response.statusCode)) {
      response.body.dump().catch(() => undefined);
      return reply.send();
    }
    // piping a stream costs far more per answer than one write of a small buffer
    const length = Number(response.headers['content-length'] ?? Infinity);
    if (length <= BUFFERED_BODY_MAX)
      return reply.send(Buffer.from(await response.body.arrayBuffer()));
    return reply.send(response.body);
  }

  /** SSE: stop the upstream stream as soon as the client goes away. */
  private endWithClient(call: UpstreamCall, reply: ProxiedReply): void {
    const controller = new AbortController();
    reply.raw.once('close', () => controller.abort());
    call.signal = controller.signal;
    call.stream = true;
  }

  /**
   * Catalog reads, for every caller alike: a strong ETag, 304 on If-None-Match, and a short-lived
   * shared copy of the anonymous answer. A read the cache cannot answer also spends the caller's
   * catalog-miss budget. Should the anonymous answer be one a caller with credentials may not be
   * served (refused, or marked as not shareable), they get their own answer, uncached.
   */
  private async serveCatalog(
    call: UpstreamCall,
    request: ProxiedRequest,
    reply: ProxiedReply,
    bucket: string,
  ): Promise<unknown> {
    const state = this.catalog.state(call.path);
    if (state === 'miss') this.limit(this.misses, bucket, reply, MISSES_LIMITED);
    reply.header('x-cache', state);
    const answer = await this.catalog.getOrFetch(call.path, () => this.fetchShared(call));
    if (
      (answer.private || CREDENTIALS_MATTER.has(answer.status)) &&
      (call.headers['authorization'] !== undefined || call.headers['cookie'] !== undefined)
    ) {
      reply.header('x-cache', 'bypass');
      return this.relay(await this.forward(ServiceName.Product, call), request.method, reply);
    }
    reply.code(answer.status).headers(answer.headers);
    if (answer.status !== 200) return reply.send(answer.body);
    reply.header('etag', answer.etag);
    if (ifNoneMatchHits(request.headers['if-none-match'], answer.etag))
      return reply.code(304).send();
    return reply.send(answer.body);
  }

  private async fetchShared(call: UpstreamCall): Promise<CachedAnswer> {
    const headers = { ...call.headers };
    for (const name of NOT_SHARED_UPSTREAM) delete headers[name];
    return toCachedAnswer(
      await this.forward(ServiceName.Product, { ...call, method: 'GET', headers }),
    );
  }
}

/** The rate-limit key of a caller: the token's subject, or the connection's IP when anonymous. */
const bucketOf = (request: ProxiedRequest, principal: Principal | undefined): string =>
  principal ? `u:${principal.sub}` : `ip:${request.ip}`;

async function toCachedAnswer(response: Dispatcher.ResponseData): Promise<CachedAnswer> {
  const body = Buffer.from(await response.body.arrayBuffer());
  const headers: Record<string, string> = {};
  for (const name of CATALOG_HEADERS) {
    const value = response.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (response.statusCode === 200) headers['cache-control'] ??= 'no-cache';
  const etag = response.headers['etag'];
  return {
    status: response.statusCode,
    headers,
    body,
    etag: typeof etag === 'string' ? etag : etagOf(body),
    ...(isShareable(response.headers) ? {} : { private: true }),
  };
}
