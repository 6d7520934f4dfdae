export * from './load-config';
export * from './env';
export * from './base-config';
export * from './service-urls';
export * from './dev-secrets';
