import type { EurekaDiscovery } from '@mstore/discovery';
import type { Logger } from 'pino';
import { CatalogMissLimiter } from './catalog-miss-limiter';
import { GatewayPeers } from './gateway-peers.service';
import { TokenBucketLimiter } from './token-bucket-limiter';

function setup(gateways: 'registry' | number, listed: number, enabled = true) {
  const discovery = {
    enabled,
    instances: jest.fn(() => Array.from({ length: listed }, (_, i) => ({ id: `g${i}` }))),
  };
  const limiter = new TokenBucketLimiter({ capacity: 100, refillPerSecond: 10, maxKeys: 10 });
  const misses = new CatalogMissLimiter({ capacity: 20, refillPerSecond: 4, maxKeys: 10 });
  const peers = new GatewayPeers(
    discovery as unknown as EurekaDiscovery,
    limiter,
    misses,
    gateways,
    { info: jest.fn() } as unknown as Logger,
  );
  return { peers, discovery, limiter, misses };
}

describe(GatewayPeers.name, () => {
  it('divides both budgets by the gateways the registry lists', () => {
    const t = setup('registry', 2);
    t.peers.recount();
    expect(t.limiter.take('u').limit).toBe(50);
    expect(t.misses.take('u').limit).toBe(10);
    expect(t.discovery.instances).toHaveBeenCalledWith('API-GATEWAY');
  });

  it('counts itself while the registry does not list it yet', () => {
    const t = setup('registry', 0);
    expect(t.peers.count()).toBe(1);
  });

  it('follows a scale-out and a lost gateway', () => {
    const t = setup('registry', 4);
    t.peers.recount();
    expect(t.limiter.sharedBy).toBe(4);
    t.discovery.instances.mockReturnValue([{ id: 'g0' }]);
    t.peers.recount();
    expect(t.limiter.take('u').limit).toBe(100);
  });

  it('uses a fixed count as given, and 1 with Eureka off and no count', () => {
    expect(setup(3, 10).peers.count()).toBe(3);
    expect(setup('registry', 10, false).peers.count()).toBe(1);
  });
});
