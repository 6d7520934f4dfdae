import { assertNever, DomainError } from '@mstore/http';

export enum NotificationErrorCode {
  NotFound = 'NOTIFICATION_NOT_FOUND',
}

export class NotificationError extends DomainError<NotificationErrorCode> {
  describe() {
    switch (this.code) {
      case NotificationErrorCode.NotFound:
        return { status: 404, title: 'Not Found' };
      default:
        return assertNever(this.code);
    }
  }
}
