import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { Principal } from './principal';

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer: string;
  clockToleranceSeconds?: number;
  /** Verified tokens kept so a hot token is not re-verified on every request. */
  cacheSize?: number;
}

export class TokenRejected extends Error {}

interface KeycloakClaims extends JWTPayload {
  preferred_username?: string;
  azp?: string;
  realm_access?: { roles?: string[] };
}

/** Keycloak access tokens, RS256 only, issuer and time claims checked (with jose). */
export class JwtVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly cache: LRUCache<string, { principal: Principal; exp: number }>;

  constructor(private readonly options: JwtVerifierOptions) {
    // jose caches the key set and refetches it when a token names an unknown kid
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    this.cache = new LRUCache({ max: options.cacheSize ?? 10_000 });
  }

  async verify(token: string): Promise<Principal> {
    const now = Date.now() / 1000;
    const hit = this.cache.get(token);
    if (hit && hit.exp + (this.options.clockToleranceSeconds ?? 30) > now) return hit.principal;
    try {
      const { payload } = await jwtVerify<KeycloakClaims>(token, this.jwks, {
        issuer: this.options.issuer,
        algorithms: ['RS256'],
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp'],
      });
      const principal: Principal = {
        sub: payload.sub as string,
        username: payload.preferred_username ?? payload.azp ?? (payload.sub as string),
        roles: payload.realm_access?.roles ?? [],
      };
      this.cache.set(token, { principal, exp: payload.exp as number });
      return principal;
    } catch (error) {
      throw new TokenRejected(describe(error));
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `token claim ${error.claim} is invalid`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signed by an unknown key';
  if (
    error instanceof errors.JWKSTimeout ||
    (error as { code?: string }).code === 'ERR_JOSE_GENERIC'
  )
    return 'token could not be checked';
  return 'token malformed';
}
