import { HealthCheckError, HealthIndicatorFunction, HealthIndicatorResult } from '@nestjs/terminus';

/** A probe that has not answered by then counts as down: readiness never hangs on a dead server. */
export const CHECK_TIMEOUT_MS = 2000;

/** A readiness part; when down (or silent for CHECK_TIMEOUT_MS), /health/ready answers 503 naming it. */
export function check(
  key: string,
  probe: () => Promise<boolean> | boolean,
  details?: () => Record<string, unknown>,
): () => Promise<HealthIndicatorResult> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
      timer.unref();
    });
    const up = await Promise.race([
      Promise.resolve()
        .then(probe)
        .catch(() => false),
      timeout,
    ]).finally(() => clearTimeout(timer));
    const r: HealthIndicatorResult = { [key]: { status: up ? 'up' : 'down', ...details?.() } };
    if (!up) throw new HealthCheckError(`${key} is down`, r);
    return r;
  };
}

/** What the registry check reads (EurekaDiscovery from @mstore/discovery). */
export interface RegistrationStatus {
  /** EUREKA_ENABLED; when false the registry is not part of readiness. */
  readonly enabled: boolean;
  /** The server acknowledged our registration or renew within one lease. */
  readonly isRegistered: boolean;
  readonly registrationAgeMs?: number;
}

/** Readiness part `registry`: up only while the Eureka server holds this instance's registration. */
export function registryCheck(discovery: RegistrationStatus): HealthIndicatorFunction {
  return check(
    'registry',
    () => !discovery.enabled || discovery.isRegistered,
    () =>
      discovery.enabled
        ? { lastRenewedMsAgo: discovery.registrationAgeMs ?? null }
        : { eureka: 'disabled' },
  );
}
