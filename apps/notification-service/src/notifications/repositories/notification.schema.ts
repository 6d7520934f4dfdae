import { Schema } from 'mongoose';

export const NOTIFICATION_MODEL = 'Notification';
export const FEED_LOG_MODEL = 'FeedLog';

/**
 * `_id` is the event id. FerretDB v1 (SQLite) answers only string `_id` equality from an index and
 * scans for every other filter, so the hot paths (dedupe, mark read, stream) look up string ids.
 */
export interface NotificationDoc {
  _id: string;
  seq: number;
  eventId: string;
  type: string;
  title: string;
  body: string;
  subject: string;
  audience: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  createdAt: Date;
  readBy: string[];
  deliveries: Record<string, string>;
}

export const notificationSchema = new Schema<NotificationDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    subject: { type: String, required: true },
    audience: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    occurredAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    readBy: { type: [String], default: [] },
    deliveries: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'notifications', versionKey: false, minimize: false, autoIndex: false },
);
// the dedupe key is `_id` (the event id): a redelivered event can never be stored twice
// the stream cursor
notificationSchema.index({ seq: 1 }, { unique: true });
// the feed: one reader's audiences, newest first
notificationSchema.index({ audience: 1, seq: -1 });

/**
 * The stream's sequence: one document per number, `_id` = the zero-padded number. Claiming a
 * number is an insert, which the unique `_id` makes atomic (FerretDB's `$inc` is not), and
 * numbers are claimed one after another, so the log is always a gapless prefix 1…head.
 */
export interface FeedLogDoc {
  _id: string;
  eventId: string;
  claimedAt: Date;
}

export const feedLogSchema = new Schema<FeedLogDoc>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'feed_log', versionKey: false, autoIndex: false },
);
