export interface Claims {
  sub: string;
  exp: number;
  preferred_username?: string;
  name?: string;
  given_name?: string;
  realm_access?: { roles?: string[] };
}

function base64UrlDecode(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The token's claims, unverified: only for showing who is signed in; the gateway verifies. */
export function claimsOf(token: string): Claims | null {
  try {
    return JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Claims;
  } catch {
    return null;
  }
}

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const randomString = (size = 32): string => base64Url(crypto.getRandomValues(new Uint8Array(size)));

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
