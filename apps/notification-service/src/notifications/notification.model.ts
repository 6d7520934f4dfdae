/** Who may see a notification: one customer, or every holder of a role. */
export const ADMIN_AUDIENCE = 'role:admin';
export const userAudience = (sub: string): string => `user:${sub}`;

/** What an event turns into, before it is stored. */
export interface NotificationDraft {
  /** The CloudEvent id: the dedupe key. */
  eventId: string;
  type: string;
  title: string;
  body: string;
  /** Order id or sku. */
  subject: string;
  audience: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** `queued`: handed to a pull-based reader (the stream); `sent`: accepted by the remote end. */
export type DeliveryStatus = 'sent' | 'queued' | 'skipped' | 'failed';

export interface NotificationRecord extends NotificationDraft {
  id: string;
  /** Monotonic across the fleet: the stream cursor (SSE `id:`). */
  seq: number;
  createdAt: Date;
  /** Read state per reader, so a shared admin alert is read separately by each admin. */
  readBy: string[];
  /** Outcome per optional channel (email); the feed and stream need no record. */
  deliveries: Record<string, DeliveryStatus>;
}

/** The audiences a reader belongs to. */
export const audiencesOf = (reader: { sub: string; admin: boolean }): string[] =>
  reader.admin ? [userAudience(reader.sub), ADMIN_AUDIENCE] : [userAudience(reader.sub)];
