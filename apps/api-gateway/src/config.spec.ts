import { ConfigError, loadConfig } from '@mstore/config';
import { configSchema } from './config';

const realSecrets = {
  EUREKA_PASSWORD: 'c2f1e9a7b3d54e8f',
  SERVICE_CLIENT_SECRET: 'Yk3pQ8vN1sLw6Rz0',
};

describe('api-gateway config under NODE_ENV=production', () => {
  it('refuses the development secrets, naming each', () => {
    let problems: string[] = [];
    try {
      loadConfig(configSchema, { NODE_ENV: 'production' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'EUREKA_PASSWORD',
      'SERVICE_CLIENT_SECRET',
    ]);
  });

  it('starts with real secrets', () => {
    expect(loadConfig(configSchema, { ...realSecrets, NODE_ENV: 'production' }).NODE_ENV).toBe(
      'production',
    );
  });

  it('keeps the development defaults outside production', () => {
    expect(() => loadConfig(configSchema, { NODE_ENV: 'development' })).not.toThrow();
  });
});
