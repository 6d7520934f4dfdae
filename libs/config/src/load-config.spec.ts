import { z } from 'zod';
import { baseConfigSchema, kafkaConfigShape } from './base-config';
import { env } from './env';
import { ConfigError, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  it('applies documented defaults', () => {
    const config = loadConfig(baseConfigSchema, {});
    expect(config.PORT).toBe(0);
    expect(config.EUREKA_URL).toBe('http://localhost:8761/eureka/');
    expect(config.LOG_REQUESTS).toBe(true);
  });

  it('names every bad variable', () => {
    const attempt = () =>
      loadConfig(baseConfigSchema, { PORT: 'abc', EUREKA_URL: 'nope', LOG_REQUESTS: 'yes' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/^EUREKA_URL: /m);
      expect(problems).toMatch(/^LOG_REQUESTS: expected true or false/m);
    }
  });

  it('parses broker lists', () => {
    const schema = z.object(kafkaConfigShape);
    expect(loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(() => loadConfig(schema, { KAFKA_BROKERS: 'nohost' })).toThrow(/KAFKA_BROKERS/);
  });

  it('rejects out-of-range integers', () => {
    const schema = z.object({ N: env.int(5, 1, 10) });
    expect(loadConfig(schema, {}).N).toBe(5);
    expect(() => loadConfig(schema, { N: '11' })).toThrow(/N: /);
  });
});

describe('INSTANCE_HOST', () => {
  it('resolves auto to a concrete IPv4 address', () => {
    const host = loadConfig(baseConfigSchema, { INSTANCE_HOST: 'auto' }).INSTANCE_HOST;
    expect(host).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});

describe('EUREKA_ENABLED and SERVICE_URLS', () => {
  it('registers with Eureka by default, with no fixed peers', () => {
    const config = loadConfig(baseConfigSchema, {});
    expect(config.EUREKA_ENABLED).toBe(true);
    expect(config.SERVICE_URLS).toEqual({});
  });

  it('turns Eureka off and reads the peers from SERVICE_URLS', () => {
    const config = loadConfig(baseConfigSchema, {
      EUREKA_ENABLED: 'false',
      SERVICE_URLS:
        'inventory-service=http://127.0.0.1:4001|http://127.0.0.1:4002, PRODUCT-SERVICE=http://p:1',
    });
    expect(config.EUREKA_ENABLED).toBe(false);
    expect(config.SERVICE_URLS).toEqual({
      'INVENTORY-SERVICE': ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'],
      'PRODUCT-SERVICE': ['http://p:1'],
    });
    expect(loadConfig(baseConfigSchema, { EUREKA_ENABLED: '0' }).EUREKA_ENABLED).toBe(false);
    expect(loadConfig(baseConfigSchema, { EUREKA_ENABLED: 'true' }).EUREKA_ENABLED).toBe(true);
  });

  it('names a bad EUREKA_ENABLED or SERVICE_URLS', () => {
    expect(() => loadConfig(baseConfigSchema, { EUREKA_ENABLED: 'no' })).toThrow(
      /^ {2}EUREKA_ENABLED: expected true or false/m,
    );
    expect(() => loadConfig(baseConfigSchema, { SERVICE_URLS: 'nourl' })).toThrow(
      /SERVICE_URLS: "nourl" is not NAME=url/,
    );
    expect(() => loadConfig(baseConfigSchema, { SERVICE_URLS: 'A=not a url' })).toThrow(
      /SERVICE_URLS: /,
    );
    expect(() => loadConfig(baseConfigSchema, { SERVICE_URLS: 'A=' })).toThrow(
      /SERVICE_URLS: "A=" has no url/,
    );
  });
});
