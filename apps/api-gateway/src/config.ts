import { baseConfigShape, env } from '@mstore/config';
import { z } from 'zod';

/** Every setting of api-gateway, validated once at start. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: env.port(8080),
});
export type AppConfig = z.infer<typeof configSchema>;
