import { orderStatusSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Any status parses; which transitions are allowed is the service's rule (others are a 409). */
export const changeStatusSchema = z.strictObject({ status: orderStatusSchema });
export class ChangeStatusDto extends createZodDto(changeStatusSchema) {}
