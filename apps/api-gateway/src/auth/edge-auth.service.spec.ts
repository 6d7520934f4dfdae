import { JwtVerifier, Principal, TokenRejected } from '@mstore/auth';
import { ProblemException } from '@mstore/http';
import { Access } from '../routing/route-table';
import { EdgeAuthService } from './edge-auth.service';

const principal = (roles: string[]): Principal => ({ sub: 'u1', username: 'alice', roles });
const serviceWith = (verify: JwtVerifier['verify']) =>
  new EdgeAuthService({ verify } as unknown as JwtVerifier);
const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: ProblemException) => ({
      status: e.status,
      challenge: e.extras.headers?.['www-authenticate'],
    }),
  );

describe(EdgeAuthService.name, () => {
  it('lets anonymous callers through public routes only', async () => {
    const auth = serviceWith(jest.fn());
    await expect(auth.authorize(Access.Public, undefined)).resolves.toBeUndefined();
    expect(await problemOf(auth.authorize(Access.Customer, undefined))).toEqual({
      status: 401,
      challenge: 'Bearer realm="mstore"',
    });
  });

  it('answers 401 with an invalid_token challenge for a rejected token', async () => {
    const auth = serviceWith(() => Promise.reject(new TokenRejected('token expired')));
    const problem = await problemOf(auth.authorize(Access.Public, 'Bearer abc'));
    expect(problem?.status).toBe(401);
    expect(problem?.challenge).toContain('error="invalid_token"');
    expect(problem?.challenge).toContain('token expired');
  });

  it('refuses a non-bearer authorization header', async () => {
    const auth = serviceWith(jest.fn());
    expect((await problemOf(auth.authorize(Access.Customer, 'Basic eDp5')))?.status).toBe(401);
  });

  it('answers 403 when the role is missing and passes the principal otherwise', async () => {
    const customer = serviceWith(() => Promise.resolve(principal(['customer'])));
    expect((await problemOf(customer.authorize(Access.Admin, 'Bearer t')))?.status).toBe(403);
    await expect(customer.authorize(Access.Customer, 'Bearer t')).resolves.toMatchObject({
      sub: 'u1',
    });
    const admin = serviceWith(() => Promise.resolve(principal(['admin'])));
    await expect(admin.authorize(Access.Admin, 'Bearer t')).resolves.toBeDefined();
    await expect(admin.authorize(Access.Customer, 'Bearer t')).resolves.toBeDefined();
  });
});
