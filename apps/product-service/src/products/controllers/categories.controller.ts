import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@mstore/http';
import { CategoryDto } from '../dto/product.dto';
import { ProductsService } from '../services/products.service';

@ApiTags('products')
@Controller('api/categories')
export class CategoriesController {
  constructor(private readonly products: ProductsService) {}

  @Public()
  @Get()
  @ApiOkResponse({
    type: [CategoryDto],
    description: 'Every category with live products, by slug, with its display name.',
  })
  list() {
    return this.products.categories();
  }
}
