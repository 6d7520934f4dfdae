export * from './eureka-discovery';
export * from './eureka-registry';
export * from './discovery.module';
export * from './instance-picker';
