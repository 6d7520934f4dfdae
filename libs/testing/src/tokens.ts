const keycloakUrl = () => process.env['KEYCLOAK_URL'] ?? 'http://localhost:8180';
const tokenUrl = () => `${keycloakUrl()}/realms/mstore/protocol/openid-connect/token`;
const cache = new Map<string, { token: string; until: number }>();

async function fetchToken(form: Record<string, string>): Promise<string> {
  const key = JSON.stringify(form);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.token;
  const response = await fetch(tokenUrl(), { method: 'POST', body: new URLSearchParams(form) });
  if (!response.ok)
    throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  const json = (await response.json()) as { access_token: string; expires_in: number };
  cache.set(key, { token: json.access_token, until: Date.now() + (json.expires_in - 30) * 1000 });
  return json.access_token;
}

/** A real Keycloak access token for a dev user (password grant on the storefront client). */
export const userToken = (username: string, password = username) =>
  fetchToken({ grant_type: 'password', client_id: 'storefront', username, password });

/** The service account's token, as services use it between themselves. */
export const serviceToken = () =>
  fetchToken({
    grant_type: 'client_credentials',
    client_id: process.env['SERVICE_CLIENT_ID'] ?? 'mstore-service',
    client_secret: process.env['SERVICE_CLIENT_SECRET'] ?? 'mstore-service-secret',
  });
