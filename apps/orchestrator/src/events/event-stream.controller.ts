import { BeforeApplicationShutdown, Controller, Get, Headers, HttpStatus, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Logger } from 'winston';
import { APP_CONFIG, AppConfig, EnrollmentError, ErrorCode, isEventPosition, LOGGER } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { ApiAnswers, textAnswer, V1_REFUSALS } from '../http/api-responses';
import { AUTH } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { EventFeed } from './event-feed.service';
import { EventStreamQuery, EventStreamQuerySchema } from './event-stream.query';
import { EventStreamSession } from './event-stream.session';

/** When a client refused for want of a free stream should try again. */
const RETRY_AFTER_S = 5;

@ApiTags('events')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/events')
@UseGuards(AdminGuard)
export class EventStreamController implements BeforeApplicationShutdown {
  /** Open streams: counted against EVENT_STREAMS_MAX, and ended at shutdown (the HTTP server would wait for them forever). */
  private readonly open = new Set<EventStreamSession>();

  constructor(
    private readonly feed: EventFeed,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Live diagnostics events as Server-Sent Events (`event: diagnostic`, JSON or one Windows `<Event>`
   * per message), from now on, or after the `Last-Event-ID` a reconnecting client sends.
   */
  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this event (the id of an earlier message)' })
  @ApiAnswers(
    {
      [HttpStatus.OK]: textAnswer('Server-Sent Events: `event: diagnostic`, a DiagnosticEvent as JSON or one Windows <Event> per message', [
        'text/event-stream',
      ]),
    },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async stream(
    @Query(new ZodValidationPipe(EventStreamQuerySchema)) query: EventStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    // The client left while the guards ran: its 'close' has been and gone, and would never free a slot.
    if (response.destroyed) return;
    const max = this.config.eventStreams.max;
    // From here to the 'close' listener nothing waits: the slot is checked, taken and bound to the connection at once, before anything is asked of Redis.
    if (this.open.size >= max) {
      response.setHeader('Retry-After', String(RETRY_AFTER_S));
      throw EnrollmentError.transient(
        ErrorCode.EventStreamsExhausted,
        `This orchestrator serves at most ${max} event streams at once; try again in ${RETRY_AFTER_S} s`,
      );
    }
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
