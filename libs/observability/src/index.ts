export * from './logger';
export * from './metrics';
export * from './metrics.module';
export * from './outbox-lag';
export * from './health.module';
export * from './health-checks';
