import { pageOf } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { NotificationRecord } from '../notification.model';

export const notificationViewSchema = z.object({
  id: z.string(),
  /** The stream cursor; a `Last-Event-ID` resumes after it. */
  cursor: z.number().int(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  subject: z.string(),
  eventId: z.string(),
  audience: z.enum(['user', 'admins']),
  data: z.record(z.string(), z.unknown()),
  read: z.boolean(),
  occurredAt: z.string(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;
export class NotificationDto extends createZodDto(notificationViewSchema) {}
export class NotificationPageDto extends createZodDto(pageOf(notificationViewSchema)) {}

/** What a reader sees: the read flag is theirs, the audience is coarse (no other user's id). */
export const toView = (n: NotificationRecord, reader: string): NotificationView => ({
  id: n.id,
  cursor: n.seq,
  type: n.type,
  title: n.title,
  body: n.body,
  subject: n.subject,
  eventId: n.eventId,
  audience: n.audience.startsWith('role:') ? 'admins' : 'user',
  data: n.data,
  read: n.readBy.includes(reader),
  occurredAt: n.occurredAt.toISOString(),
  createdAt: n.createdAt.toISOString(),
});
