import { describeConfig } from '@mstore/config/testing';
import { configSchema } from './config';

describeConfig('notification-service', configSchema, {
  EUREKA_PASSWORD: 'c2f1e9a7b3d54e8f',
  SERVICE_CLIENT_SECRET: 'Yk3pQ8vN1sLw6Rz0',
  MONGO_URL: 'mongodb://app:long-secret@mongo.internal:27017/?authSource=admin',
});
