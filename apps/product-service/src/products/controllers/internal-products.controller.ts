import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { ProductLookupRequestDto } from '../dto/product-lookup.dto';
import { ProductLookupService } from '../services/product-lookup.service';

/** Service-to-service routes: the service account's token only, never in the public API. */
@Controller('internal/products')
export class InternalProductsController {
  constructor(private readonly lookups: ProductLookupService) {}

  @Roles(Role.Service)
  @ApiExcludeEndpoint()
  @Post('lookup')
  @HttpCode(200)
  lookup(@Body() body: ProductLookupRequestDto) {
    return this.lookups.lookup(body.skus);
  }
}
