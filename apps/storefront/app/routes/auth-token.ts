import type { ActionFunctionArgs } from 'react-router';
import { keycloakInternalUrl, publicConfig } from '../lib/env.server';

const ALLOWED = new Set(['authorization_code', 'refresh_token']);

/**
 * The browser's code and refresh exchanges, forwarded to Keycloak's token endpoint: the realm's
 * web origins ("+") do not cover the wildcard redirect URIs, so Keycloak refuses the browser's CORS
 * call. Only the PKCE code and refresh grants pass; never the password grant.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = new URLSearchParams(await request.text());
  if (!ALLOWED.has(form.get('grant_type') ?? '')) {
    return Response.json({ error: 'unsupported_grant_type' }, { status: 400 });
  }
  const config = publicConfig();
  form.set('client_id', config.clientId);
  const upstream = await fetch(`${keycloakInternalUrl()}/realms/${config.realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  }).catch(() => null);
  if (!upstream) return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
  return new Response(await upstream.text(), {
    status: upstream.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

export const loader = () => new Response('Method Not Allowed', { status: 405, headers: { allow: 'POST' } });
