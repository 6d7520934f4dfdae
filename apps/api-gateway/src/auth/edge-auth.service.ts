import { Injectable } from '@nestjs/common';
import { bearerToken, JwtVerifier, Principal, TokenRejected } from '@mstore/auth';
import { ProblemException } from '@mstore/http';
import { Access, ROLES_FOR } from '../routing/route-table';

/** RFC 6750: no error code when no credentials were sent at all. */
const challenge = (detail: string, code?: string) =>
  code
    ? `Bearer realm="mstore", error="${code}", error_description="${detail.replace(/"/g, "'")}"`
    : 'Bearer realm="mstore"';

const unauthorized = (detail: string, code?: string) =>
  new ProblemException(401, 'Unauthorized', detail, {
    headers: { 'www-authenticate': challenge(detail, code) },
  });

/**
 * The edge check of a route rule, in two steps so the rate limit can sit between them: who is
 * calling (a bad token is a 401 whatever the route), then whether the route admits them. The
 * verifier keeps verified tokens in a bounded LRU, so a hot token costs one map lookup. A token
 * sent to a public route is still verified (the services would refuse a bad one too) and names
 * the rate-limit bucket.
 */
@Injectable()
export class EdgeAuthService {
  constructor(private readonly verifier: JwtVerifier) {}

  /** The caller behind an Authorization header; undefined when none was sent. */
  async authenticate(header: string | undefined): Promise<Principal | undefined> {
    if (header === undefined) return undefined;
    const token = bearerToken(header);
    if (!token) throw unauthorized('authorization header is not a bearer token', 'invalid_request');
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejected) throw unauthorized(error.message, 'invalid_token');
      throw error;
    }
  }

  /** Throws 401 (anonymous) or 403 (role missing) unless the route admits the caller. */
  authorize(access: Access, principal: Principal | undefined): void {
    if (access === Access.Public) return;
    if (!principal) throw unauthorized('a bearer token is required');
    if (!ROLES_FOR[access].some((r) => principal.roles.includes(r)))
      throw new ProblemException(403, 'Forbidden', `requires role ${access}`);
  }
}
