export * from './mysql-database';
export * from './outbox-tables';
export * from './mysql.errors';
export * from './table-description';
