import { baseConfigShape, env, kafkaConfigShape, mongoConfigShape } from '@mstore/config';
import { z } from 'zod';

/** Every setting of notification-service, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  ...mongoConfigShape,
  ...kafkaConfigShape,
  MONGO_DATABASE: env.str('notifications'),
});
export type AppConfig = z.infer<typeof configSchema>;
