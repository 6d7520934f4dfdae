import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { Public } from '@mstore/http';
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

@Controller('api/inventory')
export class InventoryController {
  constructor(private readonly stock: StockService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [StockLevelDto] })
  levels(@Query() query: StockQueryDto) {
    return this.stock.levels(query.sku);
  }

  @Get(':sku')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: StockDetailDto })
  detail(@Param() { sku }: SkuParamDto) {
    return this.stock.detail(sku);
  }

  @Put(':sku')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: StockDetailDto })
  set(@Param() { sku }: SkuParamDto, @Body() body: SetStockDto, @CurrentUser() user: Principal) {
    return this.stock.set(sku, body.available, body.lowStockThreshold, user.username);
  }

  @Post(':sku/adjustments')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOkResponse({ type: StockDetailDto })
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
  movements(@Param() { sku }: SkuParamDto, @Query() query: PageQueryDto) {
    return this.stock.movements(sku, query.page, query.pageSize);
  }
}
