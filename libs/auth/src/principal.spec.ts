import { canAccess, ownerScope, Principal } from './principal';

const user = (sub: string, ...roles: string[]): Principal => ({ sub, username: sub, roles });

describe('ownership', () => {
  it('lets owners and admins in, nobody else', () => {
    expect(canAccess(user('alice', 'customer'), 'alice')).toBe(true);
    expect(canAccess(user('bob', 'customer'), 'alice')).toBe(false);
    expect(canAccess(user('root', 'admin'), 'alice')).toBe(true);
    expect(canAccess(undefined, 'alice')).toBe(false);
  });

  it('narrows a listing to the owner, except for an admin', () => {
    expect(ownerScope(user('alice', 'customer'))).toBe('alice');
    expect(ownerScope(user('root', 'admin'))).toBeUndefined();
  });
});
