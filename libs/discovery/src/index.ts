export * from './eureka-discovery';
export * from './discovery.module';
export * from './instance-picker';
