export * from './mongoose-options';
export * from './mongo.errors';
export * from './lease.schema';
export * from './mongo-leases';
