export * from './breaker-registry';
export * from './errors';
export * from './service-client';
export * from './instance-source';
export * from './resilience.module';
