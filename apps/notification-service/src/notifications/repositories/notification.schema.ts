import { Schema } from 'mongoose';

export const NOTIFICATION_MODEL = 'Notification';
export const COUNTER_MODEL = 'Counter';

export interface NotificationDoc {
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
// the dedupe key: a redelivered event can never be stored twice
notificationSchema.index({ eventId: 1 }, { unique: true });
// the stream cursor
notificationSchema.index({ seq: 1 }, { unique: true });
// the feed: one reader's audiences, newest first
notificationSchema.index({ audience: 1, seq: -1 });

export interface CounterDoc {
  _id: string;
  value: number;
}

export const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, value: { type: Number, required: true } },
  { collection: 'counters', versionKey: false, autoIndex: false },
);
