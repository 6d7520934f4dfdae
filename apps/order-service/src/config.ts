import { baseConfigShape, env, kafkaConfigShape, mysqlConfigShape } from '@mstore/config';
import { z } from 'zod';

/** Every setting of order-service, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  ...mysqlConfigShape,
  ...kafkaConfigShape,
  MYSQL_DATABASE: env.str('orders'),
});
export type AppConfig = z.infer<typeof configSchema>;
