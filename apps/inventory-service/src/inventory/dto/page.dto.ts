import { pageQuerySchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';

export class PageQueryDto extends createZodDto(pageQuerySchema.strict()) {}
