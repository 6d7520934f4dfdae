import { HealthCheckError, HealthIndicatorFunction, HealthIndicatorResult } from '@nestjs/terminus';

/** A readiness part; when down, /health/ready answers 503 naming it. */
export function check(
  key: string,
  probe: () => Promise<boolean> | boolean,
  details?: () => Record<string, unknown>,
): HealthIndicatorFunction {
  return async () => {
    const up = await Promise.resolve()
      .then(probe)
      .catch(() => false);
    const r: HealthIndicatorResult = { [key]: { status: up ? 'up' : 'down', ...details?.() } };
    if (!up) throw new HealthCheckError(`${key} is down`, r);
    return r;
  };
}
