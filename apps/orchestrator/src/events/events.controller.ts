import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { EventRepository } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { EventQuery, EventQuerySchema, sendEvents } from './event-query';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AUTH } from '../http/openapi';

@ApiTags('events')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/events')
@UseGuards(AdminGuard)
export class EventsController {
  constructor(private readonly events: EventRepository) {}

  /** Diagnostics events of a request, of a device, or the newest of all; JSON or Windows Event XML. */
  @Get()
  async list(@Query(new ZodValidationPipe(EventQuerySchema)) query: EventQuery, @Res() response: Response) {
    const events = query.requestId
      ? await this.events.byRequest(query.requestId)
      : query.deviceId
        ? await this.events.byDevice(query.deviceId)
        : await this.events.recent(query.limit);
    const scoped =
      query.requestId && query.deviceId ? events.filter((event) => event.deviceObjectId === query.deviceId) : events;
    sendEvents(response, scoped, query);
  }
}
