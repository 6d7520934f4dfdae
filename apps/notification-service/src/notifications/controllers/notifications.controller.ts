import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, isAdmin, Principal, Roles } from '@mstore/auth';
import { Role } from '@mstore/contracts';
import { ApiProblems, INVALID } from '@mstore/http';
import type { FastifyReply } from 'fastify';
import { NotificationDto, NotificationPageDto } from '../dto/notification.dto';
import { NotificationListQueryDto } from '../dto/notification-list-query.dto';
import { NotificationStreamService } from '../services/notification-stream.service';
import { NotificationService } from '../services/notification.service';

const reader = (user: Principal) => ({ sub: user.sub, admin: isAdmin(user) });

@ApiTags('notifications')
@Controller('api/notifications')
@Roles(Role.Customer, Role.Admin)
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationService,
    private readonly streams: NotificationStreamService,
  ) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(INVALID)
  list(@CurrentUser() user: Principal, @Query() query: NotificationListQueryDto) {
    return this.notifications.list(reader(user), query);
  }

  /** Server-Sent Events; `id:` is the cursor, send it back as `Last-Event-ID` to resume. */
  @Get('stream')
  @ApiOkResponse({
    description: 'One `notification` event per notification (data: the notification as JSON).',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  stream(
    @CurrentUser() user: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.streams.open(reader(user), lastEventId, reply.hijack().raw);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems([404, 'No such notification of yours'])
  markRead(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.notifications.markRead(reader(user), id);
  }
}
