import type { ServiceInstance } from './eureka-registry';

/**
 * Round robin over the registry's UP instances, skipping any that recently refused a
 * connection until the registry catches up (or the penalty ends).
 */
export class InstancePicker {
  private cursor = 0;
  private readonly refusedUntil = new Map<string, number>();

  constructor(private readonly penaltyMs = 10_000) {}

  pick(
    instances: ServiceInstance[],
    exclude: ReadonlySet<string> = new Set(),
  ): ServiceInstance | undefined {
    const now = Date.now();
    const usable = instances.filter(
      (i) => !exclude.has(i.instanceId) && (this.refusedUntil.get(i.instanceId) ?? 0) <= now,
    );
    // if every instance is penalised, try them anyway rather than fail outright
    const pool = usable.length > 0 ? usable : instances.filter((i) => !exclude.has(i.instanceId));
    if (pool.length === 0) return undefined;
    this.cursor = (this.cursor + 1) % 1_000_000;
    return pool[this.cursor % pool.length];
  }

  markRefused(instance: ServiceInstance): void {
    this.refusedUntil.set(instance.instanceId, Date.now() + this.penaltyMs);
  }
}
