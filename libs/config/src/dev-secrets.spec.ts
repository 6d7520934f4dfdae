import { z } from 'zod';
import { baseConfigShape, mongoConfigShape, mysqlConfigShape } from './base-config';
import { DEV_DEFAULTS, DEV_SECRETS } from './dev-secrets';
import { ConfigError, loadConfig } from './load-config';

/** Every secret of the shared shapes, as a service with both databases would have them. */
const schema = z.object({ ...baseConfigShape, ...mysqlConfigShape, ...mongoConfigShape });

const realSecrets = {
  EUREKA_PASSWORD: 'c2f1e9a7b3d54e8f',
  SERVICE_CLIENT_SECRET: 'Yk3pQ8vN1sLw6Rz0',
  MYSQL_URL: 'mysql://orders:Zx9%40long-secret@mysql.internal:3306',
  MONGO_URL: 'mongodb://catalog:Qw7-long-secret@mongo.internal:27017/?authSource=admin',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('development secrets under NODE_ENV=production', () => {
  it('names every secret left at its default, all at once', () => {
    const found = problems({ NODE_ENV: 'production' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(Object.keys(DEV_SECRETS).sort());
    for (const p of found) expect(p).toMatch(/: is the development default; NODE_ENV=production/);
  });

  it('names a secret set explicitly to its dev value, and a database URL with the dev password', () => {
    const found = problems({
      ...realSecrets,
      NODE_ENV: 'production',
      EUREKA_PASSWORD: 'eureka',
      MYSQL_URL: 'mysql://mstore:mstore@mysql.internal:3306',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(['EUREKA_PASSWORD', 'MYSQL_URL']);
  });

  it('lists the secrets together with other bad variables, never echoing a value', () => {
    const found = problems({ ...realSecrets, NODE_ENV: 'production', PORT: 'abc', MONGO_URL: '' });
    expect(found.join('\n')).toMatch(/^PORT: /m);
    expect(found.join('\n')).toMatch(/^MONGO_URL: /m);
    const partial = problems({ NODE_ENV: 'production', PORT: 'abc' });
    expect(partial.map((p) => p.split(':')[0])).toEqual(['PORT', ...Object.keys(DEV_SECRETS)]);
    expect(partial.join('\n')).not.toContain(DEV_DEFAULTS.SERVICE_CLIENT_SECRET);
  });

  it('starts with real secrets', () => {
    const config = loadConfig(schema, { ...realSecrets, NODE_ENV: 'production' });
    expect(config.NODE_ENV).toBe('production');
    expect(config.EUREKA_PASSWORD).toBe(realSecrets.EUREKA_PASSWORD);
  });

  it('only checks the secrets a service has', () => {
    const gatewayLike = z.object(baseConfigShape);
    expect(() =>
      loadConfig(gatewayLike, {
        NODE_ENV: 'production',
        EUREKA_PASSWORD: realSecrets.EUREKA_PASSWORD,
        SERVICE_CLIENT_SECRET: realSecrets.SERVICE_CLIENT_SECRET,
      }),
    ).not.toThrow();
  });
});

describe('development secrets outside production', () => {
  it.each([{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }])('allows them with %j', (env) => {
    const config = loadConfig(schema, env);
    expect(config.EUREKA_PASSWORD).toBe(DEV_DEFAULTS.EUREKA_PASSWORD);
    expect(config.SERVICE_CLIENT_SECRET).toBe(DEV_DEFAULTS.SERVICE_CLIENT_SECRET);
    expect(config.MYSQL_URL).toBe(DEV_DEFAULTS.MYSQL_URL);
    expect(config.MONGO_URL).toBe(DEV_DEFAULTS.MONGO_URL);
  });

  it('still names a bad NODE_ENV', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'prod' })).toThrow(/^ {2}NODE_ENV: /m);
  });
});
