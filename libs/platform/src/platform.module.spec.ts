import { Module } from '@nestjs/common';
import { baseConfigShape, env, kafkaConfigShape, mysqlConfigShape } from '@mstore/config';
import { z } from 'zod';
import { APP_CONFIG, PlatformModule, serviceContextOf } from './platform.module';

const schema = z.object({
  ...baseConfigShape,
  ...mysqlConfigShape,
  ...kafkaConfigShape,
  MYSQL_DATABASE: env.str('payments'),
  TRUSTED_PROXIES: env.list('loopback'),
});

describe(PlatformModule.name, () => {
  it('gives bootstrap the config, the logger and the database names of its AppModule', () => {
    const configure = jest.fn();
    @Module({
      imports: [
        PlatformModule.forRoot({
          name: 'PAYMENTS-SERVICE',
          config: schema,
          mysql: { name: 'payments', entities: [], migrations: [] },
          trustProxy: (config) => config.TRUSTED_PROXIES,
          configure,
        }),
      ],
    })
    class AppModule {}

    const service = serviceContextOf(AppModule);
    expect(service.appName).toBe('PAYMENTS-SERVICE');
    expect(service.config).toMatchObject({ MYSQL_DATABASE: 'payments', PORT: 0 });
    expect(service.databases).toEqual({ mysql: 'payments' });
    expect(service.trustProxy).toEqual(['loopback']);
    void service.configure?.({} as never);
    expect(configure).toHaveBeenCalledWith({}, service.config, service.logger);
    expect(service.logger.bindings()).toMatchObject({ service: 'payments-service' });
  });

  it('provides the config globally under APP_CONFIG', () => {
    const module = PlatformModule.forRoot({ name: 'PAYMENTS-SERVICE', config: schema });
    expect(module.global).toBe(true);
    expect(module.exports).toContain(APP_CONFIG);
    expect(module.providers).toContainEqual({
      provide: APP_CONFIG,
      useValue: expect.objectContaining({ MYSQL_DATABASE: 'payments' }),
    });
  });

  it('refuses an AppModule without it', () => {
    @Module({})
    class Bare {}
    expect(() => serviceContextOf(Bare)).toThrow('Bare imports no PlatformModule.forRoot()');
  });
});
