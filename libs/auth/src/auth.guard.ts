import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '@mstore/contracts';
import { IS_PUBLIC, forbidden, unauthorized } from '@mstore/http';
import { JwtVerifier, TokenRejected } from './jwt-verifier';
import { Principal } from './principal';
import { ROLES } from './roles.decorator';

interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: Principal;
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * Every route needs a valid token unless marked @Public; @Roles narrows further.
 * On a public route a token, when sent, is still verified so the handler can see the user.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const header = request.headers.authorization;
    if (isPublic && !header) return true;
    const token = bearerToken(header);
    if (!token)
      throw unauthorized(
        header ? 'authorization header is not a bearer token' : 'a bearer token is required',
      );
    try {
      request.user = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejected) throw unauthorized(error.message);
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    if (roles?.length && !roles.some((r) => request.user?.roles.includes(r))) {
      throw forbidden(`requires role ${roles.join(' or ')}`);
    }
    return true;
  }
}
