import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { ApiProblems, INVALID, Public } from '@mstore/http';
import { CreateProductDto } from '../dto/create-product.dto';
import { ListProductsQueryDto } from '../dto/list-products-query.dto';
import { PatchProductDto } from '../dto/patch-product.dto';
import { ProductDto, ProductPageDto } from '../dto/product.dto';
import { ReplaceProductDto } from '../dto/replace-product.dto';
import { ProductsService } from '../services/products.service';
import { ProductHeadersInterceptor } from './product-headers.interceptor';

const IF_MATCH = {
  name: 'if-match',
  required: false,
  description: 'The ETag of the version you edited; 412 when the product changed since.',
};

const NOT_FOUND: [number, string] = [404, 'No such product (or it was deleted)'];
const SKU_CONFLICT: [number, string] = [409, 'The sku cannot change, or another product has it'];
const STALE: [number, string] = [412, 'If-Match names an older version'];

@ApiTags('products')
@Controller('api/products')
@UseInterceptors(ProductHeadersInterceptor)
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: ProductPageDto })
  @ApiProblems(INVALID)
  list(@Query() query: ListProductsQueryDto) {
    return this.products.list(query);
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: ProductDto, description: 'With an ETag of the version.' })
  @ApiProblems(NOT_FOUND)
  get(@Param('id') id: string) {
    return this.products.get(id);
  }

  @Roles(Role.Admin)
  @ApiBearerAuth()
  @Post()
  @ApiCreatedResponse({ type: ProductDto, description: 'With Location and ETag.' })
  @ApiProblems(INVALID, [409, 'Another product has this sku'])
  create(@CurrentUser() actor: Principal, @Body() body: CreateProductDto) {
    return this.products.create(actor, body);
  }

  @Roles(Role.Admin)
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @Put(':id')
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(INVALID, NOT_FOUND, SKU_CONFLICT, STALE)
  replace(
    @CurrentUser() actor: Principal,
    @Param('id') id: string,
    @Body() body: ReplaceProductDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.products.replace(actor, id, body, ifMatch);
  }

  @Roles(Role.Admin)
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @Patch(':id')
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(INVALID, NOT_FOUND, SKU_CONFLICT, STALE)
  patch(
    @CurrentUser() actor: Principal,
    @Param('id') id: string,
    @Body() body: PatchProductDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.products.patch(actor, id, body, ifMatch);
  }

  @Roles(Role.Admin)
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Soft-deleted: hidden from reads, kept for old orders.' })
  @ApiProblems(NOT_FOUND, STALE)
  remove(
    @CurrentUser() actor: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.products.remove(actor, id, ifMatch);
  }
}
