import './tracing';
import { bootstrap } from '@mstore/platform';
import { AppModule } from './app.module';

bootstrap(AppModule);
