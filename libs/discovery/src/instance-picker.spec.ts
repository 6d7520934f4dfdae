import { InstancePicker } from './instance-picker';
import type { ServiceInstance } from './eureka-registry';

const instance = (port: number): ServiceInstance => ({
  instanceId: `127.0.0.1:svc:${port}`,
  host: '127.0.0.1',
  port,
  baseUrl: `http://127.0.0.1:${port}`,
});

describe(InstancePicker.name, () => {
  const a = instance(1001);
  const b = instance(1002);

  it('round-robins over every instance', () => {
    const picker = new InstancePicker();
    const seen = new Set(Array.from({ length: 4 }, () => picker.pick([a, b])?.port));
    expect(seen).toEqual(new Set([1001, 1002]));
  });

  it('skips an instance that refused a connection', () => {
    const picker = new InstancePicker();
    picker.markRefused(a);
    expect(Array.from({ length: 5 }, () => picker.pick([a, b])?.port)).toEqual([
      1002, 1002, 1002, 1002, 1002,
    ]);
  });

  it('falls back to penalised instances rather than none', () => {
    const picker = new InstancePicker();
    picker.markRefused(a);
    expect(picker.pick([a])?.port).toBe(1001);
  });

  it('honours exclusions and answers undefined when nothing is left', () => {
    const picker = new InstancePicker();
    expect(picker.pick([a, b], new Set([a.instanceId]))?.port).toBe(1002);
    expect(picker.pick([a], new Set([a.instanceId]))).toBeUndefined();
    expect(picker.pick([])).toBeUndefined();
  });
});
