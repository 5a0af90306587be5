import { BeforeApplicationShutdown, Controller, Get, Headers, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Logger } from 'winston';
import { EventRepository, LOGGER, toEventElement } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { AUTH } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { EventStreamQuery, EventStreamQuerySchema, matchesStream } from './event-stream.query';
import { sseComment, sseMessage } from './sse';

const BLOCK_MS = 5000;
const KEEP_ALIVE_MS = 15000;
const RETRY_MS = 2000;

@ApiTags('events')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/events')
@UseGuards(AdminGuard)
export class EventStreamController implements BeforeApplicationShutdown {
  /** Open streams, ended at shutdown: the HTTP server would otherwise wait for them forever. */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly events: EventRepository,
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
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const follower = await this.events.follow(/^\d+-\d+$/.test(lastEventId ?? '') ? lastEventId : undefined);
    let open = true;
    const end = () => {
      open = false;
      follower.close();
    };
    this.open.add(end);
    request.on('close', end);
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${RETRY_MS}\n${sseComment('connected')}`);
    let quietSince = Date.now();
    try {
      while (open) {
        const batch = await follower.next(BLOCK_MS);
        const messages = batch
          .filter(({ event }) => matchesStream(event, query))
          .map(({ position, event }) =>
            sseMessage(position, 'diagnostic', query.format === 'xml' ? toEventElement(event) : JSON.stringify(event)),
          );
        if (messages.length > 0) {
          response.write(messages.join(''));
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= KEEP_ALIVE_MS) {
          response.write(sseComment('keep-alive'));
          quietSince = Date.now();
        }
      }
    } catch (error) {
      // The client left (its connection was closed under a blocked read), or Redis went away: the client reconnects.
      if (open) this.logger.warn('event stream ended', { reason: (error as Error).message });
    } finally {
      this.open.delete(end);
      follower.close();
      response.end();
    }
  }

  beforeApplicationShutdown(): void {
    for (const end of this.open) end();
  }
}
