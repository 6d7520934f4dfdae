import { parseServiceUrls, StaticInstanceSource } from './instance-source';

describe(StaticInstanceSource.name, () => {
  it('answers fixed instances for configured names and asks the fallback for the rest', () => {
    const fallback = { instances: jest.fn(() => []) };
    const source = new StaticInstanceSource(
      parseServiceUrls('inventory-service=http://127.0.0.1:4001|http://127.0.0.1:4002'),
      fallback,
    );
    expect(source.instances('INVENTORY-SERVICE').map((i) => i.baseUrl)).toEqual([
      'http://127.0.0.1:4001',
      'http://127.0.0.1:4002',
    ]);
    expect(source.instances('PRODUCT-SERVICE')).toEqual([]);
    expect(fallback.instances).toHaveBeenCalledWith('PRODUCT-SERVICE');
  });

  it('rejects malformed entries', () => {
    expect(() => parseServiceUrls('nourl')).toThrow(/NAME=url/);
    expect(() => parseServiceUrls('A=not a url')).toThrow();
    expect(parseServiceUrls('')).toEqual({});
  });
});
