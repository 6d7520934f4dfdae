export * from './breaker-registry';
export * from './resilience.errors';
export * from './service-client';
export * from './instance-source';
export * from './resilience.module';
