import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import type { FastifyReply } from 'fastify';
import { OrderIdParamDto, ReserveDto } from '../dto/reservation.dto';
import { ReservationService } from '../services/reservation.service';

/** Internal: order-service reserves, commits and releases stock with the service token. */
@Controller('internal/reservations')
@Roles(Role.Service)
export class ReservationsController {
  constructor(private readonly reservations: ReservationService) {}

  /** 201 when reserved now, 200 when this order id was reserved before (same result). */
  @Post()
  @ApiExcludeEndpoint()
  async reserve(
    @Body() body: ReserveDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { created, result } = await this.reservations.reserve(body, user.username);
    reply.status(created ? 201 : 200);
    return result;
  }

  @Post(':orderId/commit')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  commit(@Param() { orderId }: OrderIdParamDto, @CurrentUser() user: Principal) {
    return this.reservations.commit(orderId, user.username);
  }

  @Post(':orderId/release')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  release(@Param() { orderId }: OrderIdParamDto, @CurrentUser() user: Principal) {
    return this.reservations.release(orderId, user.username);
  }
}
