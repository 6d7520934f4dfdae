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
 * The edge check of a route rule. The verifier keeps verified tokens in a bounded LRU, so a hot
 * token costs one map lookup. A token sent to a public route is still verified (the services
 * would refuse a bad one too) and names the rate-limit bucket.
 */
@Injectable()
export class EdgeAuthService {
  constructor(private readonly verifier: JwtVerifier) {}

  async authorize(access: Access, header: string | undefined): Promise<Principal | undefined> {
    if (header === undefined) {
      if (access === Access.Public) return undefined;
      throw unauthorized('a bearer token is required');
    }
    const token = bearerToken(header);
    if (!token) throw unauthorized('authorization header is not a bearer token', 'invalid_request');
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejected) throw unauthorized(error.message, 'invalid_token');
      throw error;
    }
    if (access !== Access.Public && !ROLES_FOR[access].some((r) => principal.roles.includes(r)))
      throw new ProblemException(403, 'Forbidden', `requires role ${access}`);
    return principal;
  }
}
