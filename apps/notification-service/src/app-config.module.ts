import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config';

/** The validated AppConfig, injectable anywhere in the app. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
