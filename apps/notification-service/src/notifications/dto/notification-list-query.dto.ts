import { pageQuerySchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const notificationListQuerySchema = z.strictObject({
  ...pageQuerySchema.shape,
  /** `true`: only those the caller has not read. */
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export class NotificationListQueryDto extends createZodDto(notificationListQuerySchema) {}
