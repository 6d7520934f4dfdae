import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const keycloakUrl = () => process.env['KEYCLOAK_URL'] ?? 'http://localhost:8180';
export const ISSUER = process.env['KEYCLOAK_ISSUER'] ?? 'http://localhost:8180/realms/mstore';
const CERTS = '/realms/mstore/protocol/openid-connect/certs';

export type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
export interface TestKey {
  kid: string;
  privateKey: PrivateKey;
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

/** A token with the realm's claims, signed by `key`; `expiresInSeconds` < 0 makes it expired. */
export function signToken(
  key: { kid: string; privateKey: PrivateKey },
  {
    sub,
    roles = ['customer'],
    expiresInSeconds = 300,
    issuer = ISSUER,
  }: { sub: string; roles?: string[]; expiresInSeconds?: number; issuer?: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ realm_access: { roles }, preferred_username: sub, azp: 'storefront' })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt(now - 600)
    .setExpirationTime(now + expiresInSeconds)
    .sign(key.privateKey);
}

/**
 * Keycloak as the fleet sees it, plus one signing key the test holds: the realm's JWKS is served
 * with that key added, everything else is passed through to the real Keycloak. The test can then
 * sign a token the fleet trusts in every respect but one (e.g. expired a minute ago).
 */
export async function startKeycloakProxy(
  extra: JWK[],
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = keycloakUrl();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      try {
        if (request.url === CERTS) {
          const real = (await (await fetch(`${upstream}${CERTS}`)).json()) as { keys: JWK[] };
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ keys: [...real.keys, ...extra] }));
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(
            ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
          ),
        ) as Record<string, string>;
        const answer = await fetch(`${upstream}${request.url}`, {
          method: request.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
        });
        response.end(Buffer.from(await answer.arrayBuffer()));
      } catch {
        response.writeHead(502).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
