import { z } from 'zod';
import { parseServiceUrls } from './service-urls';

/** Small env-var parsers: env values are strings, these make them typed with clear messages. */
export const env = {
  port: (dflt: number) => z.coerce.number().int().min(0).max(65535).default(dflt),
  int: (dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    z.coerce.number().int().min(min).max(max).default(dflt),
  url: (dflt: string) => z.url().default(dflt),
  str: (dflt: string) => z.string().min(1).default(dflt),
  bool: (dflt: boolean) =>
    z
      .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
      .default(dflt ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  list: (dflt: string) =>
    z
      .string()
      .default(dflt)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
  /** `NAME=url|url,OTHER=url` (see parseServiceUrls); empty: none. */
  serviceUrls: () =>
    z
      .string()
      .default('')
      .transform((value, ctx) => {
        try {
          return parseServiceUrls(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};
