import { ConsumerLagMonitor, lagOf } from './consumer-lag.monitor';

describe(ConsumerLagMonitor.name, () => {
  it('measures lag from the committed offset, or the log start when none', () => {
    expect(lagOf('10', '0', '7')).toBe(3);
    expect(lagOf('10', '4', '-1')).toBe(6);
    expect(lagOf('10', '0', '10')).toBe(0);
  });
});
