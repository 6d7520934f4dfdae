import { Controller, DynamicModule, Get, Inject, Module, ModuleMetadata } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  TerminusModule,
} from '@nestjs/terminus';
import { Public } from '@mstore/http';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: HealthIndicatorFunction[],
  ) {}

  /** The process is up; no dependency is consulted (a restart would not help them). */
  @Public()
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Database, broker and registry: not ready means "send no traffic here". */
  @Public()
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.checks);
  }
}

export interface HealthModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: unknown[];
  useFactory: (...deps: never[]) => HealthIndicatorFunction[];
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          useFactory: options.useFactory,
          inject: (options.inject ?? []) as never[],
        },
      ],
    };
  }
}
