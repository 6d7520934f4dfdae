import { productLookupRequestSchema, productLookupResponseSchema } from '@mstore/contracts';
import { createZodDto } from 'nestjs-zod';

export class ProductLookupRequestDto extends createZodDto(productLookupRequestSchema) {}
export class ProductLookupResponseDto extends createZodDto(productLookupResponseSchema) {}
