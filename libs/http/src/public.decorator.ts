import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { X_ROLES } from '@mstore/contracts';

export const IS_PUBLIC = 'mstore:public';
/** Marks a route that needs no token (health, metrics, public reads); in the OpenAPI `x-roles: []`. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(X_ROLES, []));
