import { Controller, Get, HttpStatus, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { EventRepository } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { EventQuery, EventQuerySchema, eventsAnswer, sendEvents } from './event-query';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, V1_REFUSALS } from '../http/api-responses';
import { AUTH } from '../http/openapi';

@ApiTags('events')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/events')
@UseGuards(AdminGuard)
export class EventsController {
  constructor(private readonly events: EventRepository) {}

  /** Diagnostics events of a request, of a device, or the newest of all; JSON or Windows Event XML. */
  @Get()
  @ApiAnswers(
    { [HttpStatus.OK]: eventsAnswer('Events of the request, of the device, or the newest, oldest first') },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async list(@Query(new ZodValidationPipe(EventQuerySchema)) query: EventQuery, @Res() response: Response) {
    const events = query.requestId
      ? await this.events.byRequest(query.requestId)
      : query.deviceId
        ? await this.events.byDevice(query.deviceId)
        : await this.events.recent(query.limit);
    const scoped = query.requestId && query.deviceId ? events.filter((event) => event.deviceObjectId === query.deviceId) : events;
    sendEvents(response, scoped, query);
  }
}
