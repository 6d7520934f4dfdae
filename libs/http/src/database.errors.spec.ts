import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem.filter';
import { unavailableDatabase } from './database.errors';

const logger = { error: jest.fn() };
const withCode = (message: string, extra: Record<string, unknown>) =>
  Object.assign(new Error(message), extra);
const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe(unavailableDatabase.name, () => {
  it.each([
    [
      'mysql2 refused',
      withCode('connect ECONNREFUSED 127.0.0.1:3306', { code: 'ECONNREFUSED', fatal: true }),
    ],
    ['mysql2 connect timeout', withCode('connect ETIMEDOUT', { code: 'ETIMEDOUT', fatal: true })],
    [
      'connection lost',
      withCode('Connection lost', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
    ],
    ['server shutdown', withCode('Server shutdown in progress', { code: 'ER_SERVER_SHUTDOWN' })],
    [
      'typeorm around a lost connection',
      new QueryFailedError('SELECT 1', [], withCode('lost', { code: 'PROTOCOL_CONNECTION_LOST' })),
    ],
  ])('%s is the mysql database', (_label, error) => {
    expect(unavailableDatabase(error)).toBe('mysql');
  });

  it.each([
    ['server selection', named('MongoServerSelectionError')],
    ['mongoose server selection', named('MongooseServerSelectionError')],
    ['network', named('MongoNetworkError')],
    ['pool cleared', named('MongoPoolClearedError')],
    [
      'buffering',
      named('MongooseError', 'Operation `products.find()` buffering timed out after 3000ms'),
    ],
    ['wrapped', Object.assign(new Error('outer'), { cause: named('MongoNetworkTimeoutError') })],
  ])('%s is the mongodb database', (_label, error) => {
    expect(unavailableDatabase(error)).toBe('mongodb');
  });

  it.each([
    ['a duplicate key', withCode('Duplicate entry', { code: 'ER_DUP_ENTRY' })],
    ['a plain error', new Error('boom')],
    ['an http client refusal', withCode('fetch failed', { code: 'ECONNREFUSED' })],
    ['a string', 'ECONNREFUSED'],
  ])('%s is not a database outage', (_label, error) => {
    expect(unavailableDatabase(error)).toBeUndefined();
  });

  it('turns an outage into a 503 naming the database, with Retry-After and no driver text', () => {
    const { problem, headers } = toProblem(
      withCode('connect ECONNREFUSED 127.0.0.1:3306', { code: 'ECONNREFUSED', fatal: true }),
      logger,
      '/api/orders',
      { databases: { mysql: 'orders' } },
    );
    expect(problem).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(problem.detail).toBe('The orders database is unavailable; retry later.');
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|3306/);
    expect(Number(headers?.['retry-after'])).toBeGreaterThan(0);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
