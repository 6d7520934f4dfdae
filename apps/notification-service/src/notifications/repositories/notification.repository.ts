import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { isMongoDuplicateKey } from '@mstore/mongo';
import { DeliveryStatus, NotificationDraft, NotificationRecord } from '../notification.model';
import { NOTIFICATION_MODEL, NotificationDoc } from './notification.schema';

type Lean = NotificationDoc;

const toRecord = (d: Lean): NotificationRecord => ({
  id: d._id,
  seq: d.seq,
  eventId: d.eventId,
  type: d.type,
  title: d.title,
  body: d.body,
  subject: d.subject,
  audience: d.audience,
  data: d.data ?? {},
  occurredAt: d.occurredAt,
  createdAt: d.createdAt,
  readBy: d.readBy ?? [],
  deliveries: (d.deliveries ?? {}) as Record<string, DeliveryStatus>,
});

export class DuplicateEvent extends Error {}

export interface FeedFilter {
  audiences: string[];
  /** Only those this reader has not read. */
  unreadBy?: string;
}

@Injectable()
export class NotificationRepository implements OnModuleInit {
  constructor(
    @InjectModel(NOTIFICATION_MODEL) private readonly notifications: Model<NotificationDoc>,
  ) {}

  /** Indexes exist before the consumer stores anything (the unique eventId is the dedupe). */
  async onModuleInit(): Promise<void> {
    await this.notifications.createIndexes();
  }

  async findByEventId(eventId: string): Promise<NotificationRecord | undefined> {
    const doc = await this.notifications.findById(eventId).lean<Lean>().exec();
    return doc ? toRecord(doc) : undefined;
  }

  /** Throws DuplicateEvent when the event was stored already (by this or another instance). */
  async insert(
    doc: NotificationDraft & { seq: number; createdAt: Date },
  ): Promise<NotificationRecord> {
    try {
      const created = await this.notifications.create({
        ...doc,
        _id: doc.eventId,
        readBy: [],
        deliveries: {},
      });
      return toRecord(created.toObject() as Lean);
    } catch (error) {
      if (isMongoDuplicateKey(error)) throw new DuplicateEvent(doc.eventId);
      throw error;
    }
  }

  async page(filter: FeedFilter, skip: number, limit: number) {
    const query = this.feedQuery(filter);
    const [docs, total] = await Promise.all([
      this.notifications
        .find(query)
        .sort({ seq: -1 })
        .skip(skip)
        .limit(limit)
        .lean<Lean[]>()
        .exec(),
      this.notifications.countDocuments(query).exec(),
    ]);
    return { items: docs.map(toRecord), total };
  }

  async markRead(
    id: string,
    audiences: string[],
    reader: string,
  ): Promise<NotificationRecord | undefined> {
    const doc = await this.notifications
      .findOneAndUpdate(
        { _id: id, audience: { $in: audiences } },
        { $addToSet: { readBy: reader } },
        { new: true },
      )
      .lean<Lean>()
      .exec();
    return doc ? toRecord(doc) : undefined;
  }

  /** The next notifications after a cursor, oldest first (the stream's poll). */
  async after(
    seq: number,
    limit: number,
    audiences?: string[],
    upTo?: number,
  ): Promise<NotificationRecord[]> {
    const range: Record<string, number> = { $gt: seq };
    if (upTo !== undefined) range['$lte'] = upTo;
    const query: FilterQuery<NotificationDoc> = { seq: range };
    if (audiences) query.audience = { $in: audiences };
    const docs = await this.notifications
      .find(query)
      .sort({ seq: 1 })
      .limit(limit)
      .lean<Lean[]>()
      .exec();
    return docs.map(toRecord);
  }

  async setDelivery(id: string, channel: string, status: DeliveryStatus): Promise<void> {
    await this.notifications
      .updateOne({ _id: id }, { $set: { [`deliveries.${channel}`]: status } })
      .exec();
  }

  private feedQuery({ audiences, unreadBy }: FeedFilter): FilterQuery<NotificationDoc> {
    const query: FilterQuery<NotificationDoc> = { audience: { $in: audiences } };
    if (unreadBy) query.readBy = { $ne: unreadBy };
    return query;
  }
}
