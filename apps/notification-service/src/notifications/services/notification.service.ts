import { Injectable } from '@nestjs/common';
import { Page } from '@mstore/contracts';
import { NotificationView, toView } from '../dto/notification.dto';
import { audiencesOf } from '../notification.model';
import { NotificationError, NotificationErrorCode } from '../notification.errors';
import { NotificationRepository } from '../repositories/notification.repository';

export interface Reader {
  sub: string;
  admin: boolean;
}

/** The stored feed as a reader sees it: only their own audiences, newest first. */
@Injectable()
export class NotificationService {
  constructor(private readonly repository: NotificationRepository) {}

  async list(
    reader: Reader,
    query: { page: number; pageSize: number; unread: boolean },
  ): Promise<Page<NotificationView>> {
    const { items, total } = await this.repository.page(
      { audiences: audiencesOf(reader), unreadBy: query.unread ? reader.sub : undefined },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return {
      items: items.map((n) => toView(n, reader.sub)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  /** Another reader's notification is indistinguishable from a missing one. */
  async markRead(reader: Reader, id: string): Promise<NotificationView> {
    const updated = await this.repository.markRead(id, audiencesOf(reader), reader.sub);
    if (!updated)
      throw new NotificationError(NotificationErrorCode.NotFound, `No notification ${id}`);
    return toView(updated, reader.sub);
  }
}
