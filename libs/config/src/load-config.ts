import { z } from 'zod';
import { devSecretProblems } from './dev-secrets';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Validates the environment once at start; every problem names its variable. */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  const problems = [
    ...(result.error?.issues ?? []).map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`),
    ...devSecretProblems(schema, env),
  ];
  if (problems.length === 0 && result.success) return result.data;
  throw new ConfigError(problems);
}

/** For main.ts: a bad value stops the process with a message naming the variable. */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
