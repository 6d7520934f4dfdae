import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Role, X_ROLES } from '@mstore/contracts';
import { Principal } from './principal';

export const ROLES = 'mstore:roles';
/** Any one of the roles suffices. Declared once: the guard enforces it, the OpenAPI carries it to the gateway. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiExtension(X_ROLES, roles));

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    ctx.switchToHttp().getRequest<{ user: Principal }>().user,
);
