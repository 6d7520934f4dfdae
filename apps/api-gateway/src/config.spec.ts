import { describeConfig } from '@mstore/config/testing';
import { configSchema } from './config';

describeConfig('api-gateway', configSchema, {
  EUREKA_PASSWORD: 'c2f1e9a7b3d54e8f',
  SERVICE_CLIENT_SECRET: 'Yk3pQ8vN1sLw6Rz0',
});
