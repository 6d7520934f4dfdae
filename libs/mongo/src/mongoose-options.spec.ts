import type { Connection } from 'mongoose';
import { mongooseRootOptions } from './mongoose-options';

describe(mongooseRootOptions.name, () => {
  it('names the database and gives up selecting a server within seconds, not the driver’s 30 s', () => {
    const options = mongooseRootOptions('catalog');
    expect(options.dbName).toBe('catalog');
    expect(options.serverSelectionTimeoutMS).toBeGreaterThan(0);
    expect(options.serverSelectionTimeoutMS).toBeLessThanOrEqual(5000);
  });

  it('turns off the original stack traces on the connection it hands back', () => {
    const set = jest.fn();
    const connection = { base: { set } } as unknown as Connection;
    const factory = mongooseRootOptions('notifications').connectionFactory as (
      c: Connection,
      name: string,
    ) => Connection;
    expect(factory(connection, 'default')).toBe(connection);
    expect(set).toHaveBeenCalledWith('skipOriginalStackTraces', true);
  });
});
