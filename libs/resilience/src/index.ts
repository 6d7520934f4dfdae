export * from './breaker-registry';
export * from './errors';
export * from './service-client';
export * from './resilience.module';
