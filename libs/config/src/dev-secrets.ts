import { z } from 'zod';

/** The development defaults of the secrets (DESIGN §3); fine on a laptop, never in production. */
export const DEV_DEFAULTS = {
  EUREKA_PASSWORD: 'eureka',
  /** The confidential client's secret in keycloak/mstore-realm.json. */
  SERVICE_CLIENT_SECRET: 'mstore-service-secret',
  MYSQL_URL: 'mysql://mstore:mstore@127.0.0.1:3306',
  MONGO_URL: 'mongodb://127.0.0.1:27017',
} as const;

/** The dev MySQL user's password (infra/mysql/init.sql, the local stack, compose). */
const DEV_DB_PASSWORD = 'mstore';

/** A database URL is a dev value when it is the default or carries the dev password anywhere. */
const isDevDatabaseUrl = (dflt: string) => (value: unknown) => {
  if (typeof value !== 'string') return false;
  if (value === dflt) return true;
  try {
    return decodeURIComponent(new URL(value).password) === DEV_DB_PASSWORD;
  } catch {
    return false;
  }
};

/** Each secret and the test for its development value. */
export const DEV_SECRETS: Record<keyof typeof DEV_DEFAULTS, (value: unknown) => boolean> = {
  EUREKA_PASSWORD: (v) => v === DEV_DEFAULTS.EUREKA_PASSWORD,
  SERVICE_CLIENT_SECRET: (v) => v === DEV_DEFAULTS.SERVICE_CLIENT_SECRET,
  MYSQL_URL: isDevDatabaseUrl(DEV_DEFAULTS.MYSQL_URL),
  MONGO_URL: isDevDatabaseUrl(DEV_DEFAULTS.MONGO_URL),
};

/**
 * With NODE_ENV=production: one problem per secret of the schema that still has its development
 * value (unset counts: the default applies). Each field is parsed on its own, so the list is
 * complete even while other variables are bad. The value itself is never echoed.
 */
export function devSecretProblems(schema: z.ZodType, env: NodeJS.ProcessEnv): string[] {
  if (!(schema instanceof z.ZodObject)) return [];
  const shape = schema.shape as Record<string, z.ZodType>;
  if (shape['NODE_ENV']?.safeParse(env['NODE_ENV']).data !== 'production') return [];
  return Object.entries(DEV_SECRETS).flatMap(([name, isDev]) => {
    const parsed = shape[name]?.safeParse(env[name]);
    return parsed?.success && isDev(parsed.data)
      ? [`${name}: is the development default; NODE_ENV=production needs a real secret`]
      : [];
  });
}
