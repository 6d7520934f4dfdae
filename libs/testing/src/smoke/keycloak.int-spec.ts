import { JwtVerifier, realmUrls } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { serviceToken, userToken } from '../tokens';

describe('Keycloak tokens verified against the realm JWKS (jose)', () => {
  const keycloakUrl = process.env['KEYCLOAK_URL'] ?? 'http://localhost:8180';
  const verifier = new JwtVerifier({
    jwksUrl: realmUrls(keycloakUrl, 'mstore').jwks,
    issuer: process.env['KEYCLOAK_ISSUER'] ?? 'http://localhost:8180/realms/mstore',
  });

  it('reads the customer role from a password-grant token', async () => {
    const alice = await verifier.verify(await userToken('alice'));
    expect(alice.username).toBe('alice');
    expect(alice.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(alice.roles).toContain(Role.Customer);
    expect(alice.roles).not.toContain(Role.Admin);
  });

  it('gives admin both roles and the service account only the service role', async () => {
    const admin = await verifier.verify(await userToken('admin'));
    expect(admin.roles).toEqual(expect.arrayContaining([Role.Admin, Role.Customer]));
    const service = await verifier.verify(await serviceToken());
    expect(service.roles).toContain(Role.Service);
    expect(service.roles).not.toContain(Role.Customer);
  });

  it('refuses a wrong password', async () => {
    await expect(userToken('alice', 'wrong')).rejects.toThrow(/invalid_grant/);
  });
});
