export * from './service-process';
export * from './tokens';
export * from './wait-for';
export * from './scratch-names';
export * from './free-port';
export * from './mysql';
export * from './http';
export * from './raw-request';
