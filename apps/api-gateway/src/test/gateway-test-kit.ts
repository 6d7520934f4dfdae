import { startService, ServiceProcess } from '@mstore/testing';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Small helpers for the gateway suites: HTTP calls, gateway instances, tokens and a JWKS server. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  {
    token,
    body,
    headers = {},
  }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** A gateway instance; a fast registry refresh so it sees instances started by the test. */
export const startGateway = (env: Record<string, string> = {}): Promise<ServiceProcess> =>
  startService('api-gateway', { EUREKA_FETCH_MS: '1000', LOG_REQUESTS: 'false', ...env });

export const keycloakUrl = () => process.env['KEYCLOAK_URL'] ?? 'http://localhost:8180';
export const ISSUER = `${keycloakUrl()}/realms/mstore`;

export interface TestKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

export async function rsaKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

export interface Claims {
  sub?: string;
  roles?: string[];
  issuer?: string;
  expiresInSeconds?: number;
}

export function signToken(
  key: TestKey,
  { sub = 'test-user', roles = ['customer'], issuer = ISSUER, expiresInSeconds = 300 }: Claims = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ realm_access: { roles }, preferred_username: sub })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt(now - 600)
    .setExpirationTime(now + expiresInSeconds)
    .sign(key.privateKey);
}

export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Serves Keycloak's real signing keys plus keys the test holds, as the realm's JWKS: the test can
 * then sign tokens the stack trusts (to make an exactly expired one) while real tokens still pass.
 * `add` publishes another key later (a rotation); `fetches` counts the key-set downloads.
 */
export async function startJwksServer(extra: JWK[]): Promise<{
  url: string;
  fetches(): number;
  add(key: JWK): void;
  close(): Promise<void>;
}> {
  const certsPath = '/realms/mstore/protocol/openid-connect/certs';
  const real = (await (await fetch(`${keycloakUrl()}${certsPath}`)).json()) as { keys: JWK[] };
  const keys = [...real.keys, ...extra];
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== certsPath) return void response.writeHead(404).end();
    fetches++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fetches: () => fetches,
    add: (key) => void keys.push(key),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Requests one instance answered, from its own Prometheus histogram. */
export async function servedCount(instance: ServiceProcess, route: string): Promise<number> {
  const text = await (await fetch(`${instance.baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('http_server_request_duration_seconds_count') &&
        line.includes(`http_route="${route}"`),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** How many UP instances Eureka lists for an app (other suites may run instances of their own). */
export async function upInstances(app: string): Promise<number> {
  const eureka = process.env['EUREKA_URL'] ?? 'http://localhost:8761/eureka/';
  const password = process.env['EUREKA_PASSWORD'] ?? 'eureka';
  const response = await fetch(`${eureka.replace(/\/?$/, '/')}apps/${app}`, {
    headers: {
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`eureka:${password}`).toString('base64')}`,
    },
  });
  if (response.status === 404) return 0;
  const body = (await response.json()) as {
    application: { instance: { status: string } | { status: string }[] };
  };
  return [body.application.instance].flat().filter((i) => i.status === 'UP').length;
}
