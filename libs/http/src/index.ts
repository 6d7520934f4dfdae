export * from './public.decorator';
export * from './problem.exception';
export * from './domain-error';
export * from './problem.filter';
export * from './problem-response';
export * from './api-problems.decorator';
export * from './validation';
export * from './method-table';
