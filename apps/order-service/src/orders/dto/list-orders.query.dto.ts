import { orderStatusSchema, pageQuerySchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';

export const listOrdersQuerySchema = pageQuerySchema.extend({
  status: orderStatusSchema.optional(),
});
export class ListOrdersQueryDto extends createZodDto(listOrdersQuerySchema) {}
