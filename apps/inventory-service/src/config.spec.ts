import { describeConfig } from '@mstore/config/testing';
import { configSchema } from './config';

describeConfig('inventory-service', configSchema, {
  EUREKA_PASSWORD: 'c2f1e9a7b3d54e8f',
  SERVICE_CLIENT_SECRET: 'Yk3pQ8vN1sLw6Rz0',
  MYSQL_URL: 'mysql://app:long-secret@mysql.internal:3306',
});
