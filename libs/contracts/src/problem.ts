import { z } from 'zod';

/** RFC 9457 problem details as every service answers them. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(
      z.object({
        field: z.string(),
        message: z.string(),
        location: z.enum(['body', 'query', 'path', 'header']).optional(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof problemSchema> & Record<string, unknown>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const problemType = (slug: string): string => `https://mstore.dev/problems/${slug}`;

/** The same shape as an OpenAPI schema: `#/components/schemas/Problem` in every generated document. */
export const PROBLEM_OPENAPI_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: {
            type: 'string',
            description: 'the body path (`lines.0.sku`) or the query/path parameter name',
          },
          message: { type: 'string' },
          location: { type: 'string', enum: ['body', 'query', 'path', 'header'] },
        },
      },
    },
  },
};
export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';
/** An OpenAPI response's `content` for a problem answer. */
export const PROBLEM_OPENAPI_CONTENT = {
  [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } },
};
