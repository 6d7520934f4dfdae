import { describeConfig } from '@mstore/config/testing';
import { configSchema } from './config';

describeConfig('api-gateway', configSchema, {
  EUREKA_PASSWORD: 'c2f1e9a7b3d54e8f',
  SERVICE_CLIENT_SECRET: 'Yk3pQ8vN1sLw6Rz0',
});

describe('TRUSTED_PROXIES', () => {
  const parse = (value: string) =>
    configSchema.safeParse({ ...process.env, NODE_ENV: 'development', TRUSTED_PROXIES: value });

  it('takes addresses, CIDRs and the named ranges', () => {
    const result = parse('10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback,uniquelocal');
    expect(result.success && result.data.TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
      'uniquelocal',
    ]);
  });

  it('is empty by default: the peer is the client', () => {
    const { TRUSTED_PROXIES: _unset, ...rest } = process.env;
    const result = configSchema.safeParse({ ...rest, NODE_ENV: 'development' });
    expect(result.success && result.data.TRUSTED_PROXIES).toEqual([]);
  });

  it.each(['10.0.0.0/33', 'ingress', '10.0.0.1/8/1', '300.1.1.1'])('refuses %s, naming the variable', (bad) => {
    const result = parse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['TRUSTED_PROXIES']);
  });
});
