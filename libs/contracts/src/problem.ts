import { z } from 'zod';

/** RFC 9457 problem details as every service answers them. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema> & Record<string, unknown>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const problemType = (slug: string): string => `https://mstore.dev/problems/${slug}`;
