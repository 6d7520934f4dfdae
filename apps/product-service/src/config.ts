import { baseConfigShape, env, kafkaConfigShape, mongoConfigShape } from '@mstore/config';
import { z } from 'zod';

/** Every setting of product-service, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  ...mongoConfigShape,
  ...kafkaConfigShape,
  MONGO_DATABASE: env.str('catalog'),
});
export type AppConfig = z.infer<typeof configSchema>;
