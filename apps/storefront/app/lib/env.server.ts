/** The storefront's settings, from the environment, with the local stack's defaults. */
export interface PublicConfig {
  /** The gateway as the browser reaches it. */
  apiUrl: string;
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

function url(name: string, fallback: string): string {
  const value = process.env[name]?.trim() || fallback;
  try {
    new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL, got "${value}"`);
  }
  return trimSlash(value);
}

/** The gateway as the storefront's server reaches it (server-side rendering). */
export const gatewayUrl = (): string => url('GATEWAY_URL', 'http://localhost:8080');

/** Keycloak as the storefront's server reaches it (the token exchange); defaults to KEYCLOAK_URL. */
export const keycloakInternalUrl = (): string => url('KEYCLOAK_INTERNAL_URL', publicConfig().keycloakUrl);

export function publicConfig(): PublicConfig {
  return {
    apiUrl: url('PUBLIC_API_URL', gatewayUrl()),
    keycloakUrl: url('KEYCLOAK_URL', 'http://localhost:8180'),
    realm: process.env['KEYCLOAK_REALM']?.trim() || 'mstore',
    clientId: process.env['KEYCLOAK_CLIENT_ID']?.trim() || 'storefront',
  };
}
