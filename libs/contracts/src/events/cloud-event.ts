import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** CloudEvents 1.0, structured JSON mode (DESIGN §5). */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
});
export type CloudEvent<T = unknown> = Omit<z.infer<typeof cloudEventSchema>, 'data'> & { data: T };

export function createCloudEvent<T>(input: {
  source: string;
  type: string;
  subject: string;
  data: T;
  id?: string;
  time?: Date;
}): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    source: input.source,
    type: input.type,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    datacontenttype: 'application/json',
    data: input.data,
  };
}
