// The settings checks every service's config.spec.ts runs, as one table per service. Jest globals:
// imported by specs only, through @mstore/config/testing (never from the lib's index).
import type { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';

/** Each development secret the service refuses in production, with a real-looking value. */
export type RealSecrets = Readonly<Record<string, string>>;

/** Production refuses the development secrets, naming each, and starts with real ones; other
 * environments keep the development defaults. */
export function describeConfig(app: string, schema: z.ZodType, realSecrets: RealSecrets): void {
  describe(`${app} config under NODE_ENV=production`, () => {
    it('refuses the development secrets, naming each', () => {
      const expected = Object.keys(realSecrets).sort();
      expect(expected.length).toBeGreaterThan(0); // an empty table would prove nothing
      let problems: string[] = [];
      try {
        loadConfig(schema, { NODE_ENV: 'production' });
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(expected);
    });

    it('starts with real secrets', () => {
      const config = loadConfig(schema, { ...realSecrets, NODE_ENV: 'production' }) as {
        NODE_ENV: string;
      };
      expect(config.NODE_ENV).toBe('production');
    });

    it('keeps the development defaults outside production', () => {
      expect(() => loadConfig(schema, { NODE_ENV: 'development' })).not.toThrow();
    });
  });
}
