export * from './principal';
export * from './jwt-verifier';
export * from './auth.guard';
export * from './roles.decorator';
export * from './service-token.provider';
export * from './auth.module';
