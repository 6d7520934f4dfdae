export * from './kafka';
export * from './kafkajs-idle';
export * from './outbox-relay';
export * from './mysql-outbox';
export * from './kafka.module';
export * from './trace-context';
