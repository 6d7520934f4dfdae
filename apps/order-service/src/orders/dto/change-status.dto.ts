import { orderStatusSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/**
 * The statuses an order can be in (PENDING, kept in the shared enum for a payment step, is reached by
 * no flow, so it is not accepted here); which transitions are allowed is the service's rule (409).
 */
export const changeStatusSchema = z.strictObject({
  status: orderStatusSchema.exclude(['PENDING']),
});
export class ChangeStatusDto extends createZodDto(changeStatusSchema) {}
