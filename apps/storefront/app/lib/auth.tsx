import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useConfig } from './config';
import type { PublicConfig } from './env.server';
import { claimsOf, pkceChallenge, randomString } from './jwt';

const TOKENS = 'mstore.auth';
const PKCE = 'mstore.pkce';
/** Refresh this long before the access token expires. */
const REFRESH_AHEAD_MS = 60_000;

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface User {
  sub: string;
  username: string;
  name: string;
  roles: string[];
  isAdmin: boolean;
}

interface AuthState {
  /** False until the browser has read the stored session (always false while rendering on the server). */
  ready: boolean;
  user: User | null;
  /** Why the user was signed out, when it was not their choice. */
  notice: string | null;
  signIn(returnTo?: string): Promise<void>;
  signOut(): void;
  /** A valid access token (refreshed when close to expiry), or null when signed out. */
  token(): Promise<string | null>;
  /** The API said 401: the session is over; keep what the user did and ask them to sign in again. */
  expired(): void;
  /** Stores the tokens of a finished sign-in. */
  accept(tokens: Tokens): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

function userOf(tokens: Tokens | null): User | null {
  const claims = tokens && claimsOf(tokens.accessToken);
  if (!claims) return null;
  const roles = claims.realm_access?.roles ?? [];
  const username = claims.preferred_username ?? claims.sub;
  return { sub: claims.sub, username, name: claims.given_name ?? claims.name ?? username, roles, isAdmin: roles.includes('admin') };
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
}

export const tokensOf = (answer: TokenAnswer): Tokens => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token,
  idToken: answer.id_token,
  expiresAt: Date.now() + answer.expires_in * 1000,
});

/** The code and refresh exchanges go through the storefront's own /auth/token (Keycloak's CORS). */
export async function exchange(form: Record<string, string>): Promise<Tokens> {
  const response = await fetch('/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (!response.ok) throw new Error(`token exchange failed: ${response.status}`);
  return tokensOf((await response.json()) as TokenAnswer);
}

export const redirectUri = (): string => `${window.location.origin}/auth/callback`;

export async function startSignIn(config: PublicConfig, returnTo: string): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state, returnTo }));
  const query = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri(),
    state,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
  });
  window.location.assign(`${config.keycloakUrl}/realms/${config.realm}/protocol/openid-connect/auth?${query}`);
}

export function takePkce(): { verifier: string; state: string; returnTo: string } | null {
  const raw = sessionStorage.getItem(PKCE);
  sessionStorage.removeItem(PKCE);
  return raw ? (JSON.parse(raw) as { verifier: string; state: string; returnTo: string }) : null;
}

function load(): Tokens | null {
  try {
    const raw = localStorage.getItem(TOKENS);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const config = useConfig();
  const [tokens, setTokens] = useState<Tokens | null>(null);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const current = useRef<Tokens | null>(null);
  const refreshing = useRef<Promise<Tokens | null> | null>(null);

  const save = useCallback((next: Tokens | null) => {
    current.current = next;
    if (next) localStorage.setItem(TOKENS, JSON.stringify(next));
    else localStorage.removeItem(TOKENS);
    setTokens(next);
  }, []);

  const refresh = useCallback((): Promise<Tokens | null> => {
    const held = current.current;
    if (!held?.refreshToken) return Promise.resolve(null);
    refreshing.current ??= exchange({ grant_type: 'refresh_token', refresh_token: held.refreshToken })
      .then((next) => {
        save({ ...next, idToken: next.idToken ?? held.idToken });
        return current.current;
      })
      .catch(() => {
        save(null);
        setNotice('Your session has expired. Sign in again — your cart is kept.');
        return null;
      })
      .finally(() => (refreshing.current = null));
    return refreshing.current;
  }, [save]);

  useEffect(() => {
    const stored = load();
    current.current = stored;
    setTokens(stored);
    setReady(true);
    if (stored && stored.expiresAt - Date.now() < REFRESH_AHEAD_MS) void refresh();
  }, [refresh]);

  // refresh ahead of expiry, so calls never carry an expired token
  useEffect(() => {
    if (!tokens) return;
    const wait = Math.max(1_000, tokens.expiresAt - Date.now() - REFRESH_AHEAD_MS);
    const timer = setTimeout(() => void refresh(), wait);
    return () => clearTimeout(timer);
  }, [tokens, refresh]);

  const value = useMemo<AuthState>(
    () => ({
      ready,
      user: userOf(tokens),
      notice,
      signIn: (returnTo) => startSignIn(config, returnTo ?? window.location.pathname + window.location.search),
      signOut: () => {
        const idToken = current.current?.idToken;
        save(null);
        const query = new URLSearchParams({
          client_id: config.clientId,
          post_logout_redirect_uri: `${window.location.origin}/`,
        });
        if (idToken) query.set('id_token_hint', idToken);
        window.location.assign(`${config.keycloakUrl}/realms/${config.realm}/protocol/openid-connect/logout?${query}`);
      },
      token: async () => {
        const held = current.current;
        if (!held) return null;
        if (held.expiresAt - Date.now() > 5_000) return held.accessToken;
        return (await refresh())?.accessToken ?? null;
      },
      expired: () => {
        if (!current.current) return;
        save(null);
        setNotice('Your session has expired. Taking you to sign in again — your cart is kept.');
        // back to Keycloak, then to this very page; the cart is on the server, the checkout key in this tab
        const here = window.location.pathname + window.location.search;
        setTimeout(() => void startSignIn(config, here), 1_500);
      },
      accept: (next) => {
        setNotice(null);
        save(next);
      },
    }),
    [ready, tokens, notice, config, refresh, save],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
