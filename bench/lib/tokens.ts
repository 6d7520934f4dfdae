import { userToken } from '@mstore/testing';

const CUSTOMERS = ['alice', 'bob', 'carol', 'dave'];

/**
 * `count` distinct valid Keycloak access tokens (password grants for the demo customers, a few at
 * a time so Keycloak's password hashing does not starve the machine).
 */
export async function customerTokens(count: number): Promise<string[]> {
  const keycloak = process.env['KEYCLOAK_URL'] ?? 'http://localhost:8180';
  const url = `${keycloak}/realms/mstore/protocol/openid-connect/token`;
  const tokens: string[] = [];
  const grant = async (i: number) => {
    const name = CUSTOMERS[i % CUSTOMERS.length];
    const form = {
      grant_type: 'password',
      client_id: 'storefront',
      username: name,
      password: name,
    };
    const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
    if (!response.ok)
      throw new Error(`token for ${name}: ${response.status} ${await response.text()}`);
    tokens.push(((await response.json()) as { access_token: string }).access_token);
  };
  for (let i = 0; i < count; i += 4)
    await Promise.all([0, 1, 2, 3].map((k) => i + k < count && grant(i + k)));
  return tokens;
}

export const adminToken = () => userToken('admin');

/** Round robin over a token list, as an Authorization header value. */
export function rotating(tokens: string[]): () => string {
  let i = 0;
  return () => `Bearer ${tokens[i++ % tokens.length]}`;
}
