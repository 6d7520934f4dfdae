export * from './platform.module';
export * from './run-service';
export * from './zod-openapi';
export * from './mongoose-options';
export * from './mongo.errors';
