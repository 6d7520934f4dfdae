import { QueryFailedError } from 'typeorm';
import { isMysqlDuplicateKey } from './mysql.errors';

const driverError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, errno: code === 'ER_DUP_ENTRY' ? 1062 : 1213 });
const queryFailed = (code: string, message: string) =>
  new QueryFailedError('INSERT …', [], driverError(code, message));
const dup = "Duplicate entry 'ORD-1' for key 'uq_orders_number'";

describe(isMysqlDuplicateKey.name, () => {
  it("recognises TypeORM's QueryFailedError and the bare mysql2 error", () => {
    expect(isMysqlDuplicateKey(queryFailed('ER_DUP_ENTRY', dup))).toBe(true);
    expect(isMysqlDuplicateKey(driverError('ER_DUP_ENTRY', dup))).toBe(true);
    expect(isMysqlDuplicateKey({ driverError: { code: 'ER_DUP_ENTRY' } })).toBe(true);
  });

  it('checks the key when one is named', () => {
    expect(isMysqlDuplicateKey(queryFailed('ER_DUP_ENTRY', dup), 'uq_orders_number')).toBe(true);
    expect(isMysqlDuplicateKey(queryFailed('ER_DUP_ENTRY', dup), 'PRIMARY')).toBe(false);
  });

  it.each([
    ['another error code', queryFailed('ER_LOCK_DEADLOCK', 'Deadlock found')],
    ['an error without a code', new Error(dup)],
    ['nothing', undefined],
    ['a string', 'ER_DUP_ENTRY'],
  ])('refuses %s', (_case, error) => {
    expect(isMysqlDuplicateKey(error)).toBe(false);
  });
});
