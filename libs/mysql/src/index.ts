export * from './mysql-database';
export * from './outbox-tables';
