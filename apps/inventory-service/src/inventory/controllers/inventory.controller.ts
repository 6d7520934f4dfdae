import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { ApiProblems, INVALID, Public } from '@mstore/http';
import {
  AdjustStockDto,
  MovementPageDto,
  SetStockDto,
  SkuParamDto,
  StockDetailDto,
  StockLevelDto,
  StockQueryDto,
} from '../dto/stock.dto';
import { PageQueryDto } from '../dto/page.dto';
import { StockService } from '../services/stock.service';

const NO_SKU: [number, string] = [404, 'No stock record for this sku'];

@Controller('api/inventory')
export class InventoryController {
  constructor(private readonly stock: StockService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [StockLevelDto] })
  @ApiProblems(INVALID)
  levels(@Query() query: StockQueryDto) {
    return this.stock.levels(query.sku);
  }

  @Get(':sku')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: StockDetailDto })
  @ApiProblems(INVALID, NO_SKU)
  detail(@Param() { sku }: SkuParamDto) {
    return this.stock.detail(sku);
  }

  @Put(':sku')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: StockDetailDto })
  @ApiProblems(INVALID)
  set(@Param() { sku }: SkuParamDto, @Body() body: SetStockDto, @CurrentUser() user: Principal) {
    return this.stock.set(sku, body.available, body.lowStockThreshold, user.username);
  }

  @Post(':sku/adjustments')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOkResponse({ type: StockDetailDto })
  @ApiProblems(INVALID, NO_SKU, [409, 'Available stock would go below zero or above the limit'])
  adjust(
    @Param() { sku }: SkuParamDto,
    @Body() body: AdjustStockDto,
    @CurrentUser() user: Principal,
  ) {
    return this.stock.adjust(sku, body.delta, body.reason, user.username);
  }

  /** The audit log of one sku, newest first. */
  @Get(':sku/movements')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: MovementPageDto })
  @ApiProblems(INVALID)
  movements(@Param() { sku }: SkuParamDto, @Query() query: PageQueryDto) {
    return this.stock.movements(sku, query.page, query.pageSize);
  }
}
