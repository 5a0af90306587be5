import { BeforeApplicationShutdown, Controller, Get, Headers, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Logger } from 'winston';
import { isEventPosition, LOGGER } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { AUTH } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { EventFeed } from './event-feed.service';
import { EventStreamQuery, EventStreamQuerySchema } from './event-stream.query';
import { EventStreamSession } from './event-stream.session';

@ApiTags('events')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/events')
@UseGuards(AdminGuard)
export class EventStreamController implements BeforeApplicationShutdown {
  /** Open streams, ended at shutdown: the HTTP server would otherwise wait for them forever. */
  private readonly open = new Set<EventStreamSession>();

  constructor(
    private readonly feed: EventFeed,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Live diagnostics events as Server-Sent Events (`event: diagnostic`, JSON or one Windows `<Event>`
   * per message), from now on, or after the `Last-Event-ID` a reconnecting client sends.
   */
  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this event (the id of an earlier message)' })
  async stream(
    @Query(new ZodValidationPipe(EventStreamQuerySchema)) query: EventStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const session = new EventStreamSession(response, query, this.logger);
    this.open.add(session);
    const subscription = this.feed.subscribe(session, isEventPosition(lastEventId) ? lastEventId : undefined);
    response.on('close', () => {
      this.open.delete(session);
      subscription.close();
    });
    try {
      await subscription.live;
    } catch (error) {
      this.open.delete(session);
      subscription.close();
      if (!response.headersSent) throw error;
      // The backlog was cut short: the client resumes after the last event it received.
      this.logger.warn('event stream ended', { reason: (error as Error).message });
      session.end();
      return;
    }
    session.open();
  }

  beforeApplicationShutdown(): void {
    for (const session of this.open) session.end();
  }
}
