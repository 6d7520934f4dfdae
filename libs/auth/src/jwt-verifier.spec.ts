import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, JWK, CryptoKey } from 'jose';
import { JwtVerifier, TokenRejected } from './jwt-verifier';

const ISSUER = 'http://localhost:8180/realms/mstore';

describe(JwtVerifier.name, () => {
  let server: Server;
  let jwksUrl: string;
  let key: CryptoKey;
  let foreignKey: CryptoKey;
  let jwksHits = 0;

  const sign = (
    claims: Record<string, unknown> = {},
    opts: { key?: CryptoKey; exp?: string | number; iss?: string } = {},
  ) =>
    new SignJWT({ realm_access: { roles: ['customer'] }, preferred_username: 'alice', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.iss ?? ISSUER)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.key ?? key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    ({ privateKey: foreignKey } = await generateKeyPair('RS256'));
    key = pair.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) => {
      jwksHits++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const verifier = () => new JwtVerifier({ jwksUrl, issuer: ISSUER, clockToleranceSeconds: 5 });

  it('accepts a valid RS256 token and reads its roles', async () => {
    const principal = await verifier().verify(await sign());
    expect(principal).toEqual({ sub: 'user-1', username: 'alice', roles: ['customer'] });
  });

  it('caches a verified token', async () => {
    const v = verifier();
    const token = await sign();
    await v.verify(token);
    const before = jwksHits;
    await v.verify(token);
    expect(jwksHits).toBe(before);
  });

  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it.each([
    ['garbage', async () => 'not.a.token'],
    [
      'alg none',
      async () => `${b64({ alg: 'none' })}.${b64({ sub: 'x', iss: ISSUER, exp: 9e9 })}.`,
    ],
    [
      'HS256',
      async () =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough!')),
    ],
    ['a foreign key', async () => sign({}, { key: foreignKey })],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await sign()).split('.');
        return `${h}.${b64({ sub: 'user-1', iss: ISSUER, exp: 9e9, realm_access: { roles: ['admin'] } })}.${s}`;
      },
    ],
    ['an expired token', async () => sign({}, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a wrong issuer', async () => sign({}, { iss: 'http://evil/realms/mstore' })],
  ])('rejects %s', async (_, make) => {
    await expect(verifier().verify(await make())).rejects.toBeInstanceOf(TokenRejected);
  });
});
