import { productLookupRequestSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';

export class ProductLookupRequestDto extends createZodDto(productLookupRequestSchema) {}
