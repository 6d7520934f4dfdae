import { JwtVerifier, Principal, TokenRejected } from '@mstore/auth';
import { ProblemException } from '@mstore/http';
import { Access } from '../routing/route-table';
import { EdgeAuthService } from './edge-auth.service';

const principal = (roles: string[]): Principal => ({ sub: 'u1', username: 'alice', roles });
const serviceWith = (verify: JwtVerifier['verify']) =>
  new EdgeAuthService({ verify } as unknown as JwtVerifier);
const problemOf = (run: () => unknown) =>
  Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (e: ProblemException) => ({
        status: e.status,
        challenge: e.extras.headers?.['www-authenticate'],
      }),
    );

describe(EdgeAuthService.name, () => {
  it('lets anonymous callers through public routes only', async () => {
    const auth = serviceWith(jest.fn());
    await expect(auth.authenticate(undefined)).resolves.toBeUndefined();
    expect(() => auth.authorize(Access.Public, undefined)).not.toThrow();
    expect(await problemOf(() => auth.authorize(Access.Customer, undefined))).toEqual({
      status: 401,
      challenge: 'Bearer realm="mstore"',
    });
  });

  it('answers 401 with an invalid_token challenge for a rejected token', async () => {
    const auth = serviceWith(() => Promise.reject(new TokenRejected('token expired')));
    const problem = await problemOf(() => auth.authenticate('Bearer abc'));
    expect(problem?.status).toBe(401);
    expect(problem?.challenge).toContain('error="invalid_token"');
    expect(problem?.challenge).toContain('token expired');
  });

  it('refuses a non-bearer authorization header', async () => {
    const verify = jest.fn();
    const problem = await problemOf(() => serviceWith(verify).authenticate('Basic eDp5'));
    expect(problem).toMatchObject({ status: 401 });
    expect(problem?.challenge).toContain('error="invalid_request"');
    expect(verify).not.toHaveBeenCalled();
  });

  it('answers 403 when the role is missing and admits the caller otherwise', async () => {
    const customer = await serviceWith(() => Promise.resolve(principal(['customer']))).authenticate(
      'Bearer t',
    );
    expect(customer).toMatchObject({ sub: 'u1' });
    const auth = serviceWith(jest.fn());
    expect((await problemOf(() => auth.authorize(Access.Admin, customer)))?.status).toBe(403);
    expect(() => auth.authorize(Access.Customer, customer)).not.toThrow();
    const admin = principal(['admin']);
    expect(() => auth.authorize(Access.Admin, admin)).not.toThrow();
    expect(() => auth.authorize(Access.Customer, admin)).not.toThrow();
  });
});
