import { ServiceTokenProvider } from './service-token.provider';

describe(ServiceTokenProvider.name, () => {
  const response = (token: string, expiresIn = 300) =>
    ({
      ok: true,
      status: 200,
      json: async () => ({ access_token: token, expires_in: expiresIn }),
    }) as Response;

  it('fetches once for concurrent callers and caches until near expiry', async () => {
    const fetchImpl = jest.fn().mockResolvedValue(response('t1'));
    const provider = new ServiceTokenProvider(
      { tokenUrl: 'http://kc/token', clientId: 'c', clientSecret: 's' },
      fetchImpl,
    );
    const tokens = await Promise.all([provider.get(), provider.get(), provider.get()]);
    expect(tokens).toEqual(['t1', 't1', 't1']);
    await provider.get();
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('refetches once the token is near expiry', async () => {
    const fetchImpl = jest
      .fn()
      .mockResolvedValueOnce(response('t1', 10))
      .mockResolvedValueOnce(response('t2'));
    const provider = new ServiceTokenProvider(
      { tokenUrl: 'http://kc/token', clientId: 'c', clientSecret: 's', refreshSkewSeconds: 30 },
      fetchImpl,
    );
    jest.useFakeTimers({ now: 0 });
    expect(await provider.get()).toBe('t1');
    jest.setSystemTime(6000);
    expect(await provider.get()).toBe('t2');
    jest.useRealTimers();
  });

  it('fails clearly when the token endpoint refuses', async () => {
    const fetchImpl = jest.fn().mockResolvedValue({ ok: false, status: 401 } as Response);
    const provider = new ServiceTokenProvider(
      { tokenUrl: 'http://kc/token', clientId: 'c', clientSecret: 's' },
      fetchImpl,
    );
    await expect(provider.get()).rejects.toThrow('token endpoint answered 401');
  });
});
