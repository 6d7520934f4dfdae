import { HealthCheckError } from '@nestjs/terminus';
import { check } from './health-checks';

describe(check.name, () => {
  it('reports a passing probe as up, with its details', async () => {
    await expect(
      check(
        'database',
        () => true,
        () => ({ pool: 4 }),
      )(),
    ).resolves.toEqual({
      database: { status: 'up', pool: 4 },
    });
    await expect(check('broker', async () => true)()).resolves.toEqual({
      broker: { status: 'up' },
    });
  });

  it.each([
    ['answers false', () => false],
    ['rejects', () => Promise.reject(new Error('ECONNREFUSED'))],
    [
      'throws',
      () => {
        throw new Error('boom');
      },
    ],
  ])('reports a probe that %s as down, naming it', async (_case, probe) => {
    const error = await check('registry', probe, () => ({ instances: 0 }))().catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HealthCheckError);
    expect((error as HealthCheckError).message).toBe('registry is down');
    expect((error as HealthCheckError).causes).toEqual({
      registry: { status: 'down', instances: 0 },
    });
  });
});
