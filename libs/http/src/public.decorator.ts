import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'mstore:public';
/** Marks a route that needs no token (health, metrics, public reads). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
