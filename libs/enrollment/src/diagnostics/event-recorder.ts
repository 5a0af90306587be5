import type { Logger } from 'winston';
import { DiagnosticEvent, EventDefinition, EventLevel } from './diagnostic-event';
import { createEvent, EventContext } from './event-factory';
import type { RedisBatch } from '../redis/redis-batch';
import { EventRepository, NewEvent } from './event.repository';

const LOG_LEVEL: Record<EventLevel, string> = {
  [EventLevel.Critical]: 'error',
  [EventLevel.Error]: 'error',
  [EventLevel.Warning]: 'warn',
  [EventLevel.Information]: 'info',
  [EventLevel.Verbose]: 'debug',
};

/** The one way to emit a diagnostics event: stored in Redis for the API and written as a JSON log line. */
export class EventRecorder {
  constructor(
    private readonly events: EventRepository,
    private readonly logger: Logger,
  ) {}

  record(definition: EventDefinition, context: EventContext): Promise<DiagnosticEvent> {
    return this.write(createEvent(definition, context));
  }

  /** Stores and logs an event already made with `createEvent`, for callers that also show it elsewhere. */
  async write(created: NewEvent): Promise<DiagnosticEvent> {
    return this.logged(await this.events.append(created));
  }

  /** `write`, the event stored with `batch` and logged once the batch is sent. */
  async queue(batch: RedisBatch, created: NewEvent): Promise<DiagnosticEvent> {
    return this.logged(await this.events.queueAppend(batch, created));
  }

  private logged(event: DiagnosticEvent): DiagnosticEvent {
    const level = LOG_LEVEL[event.level];
    // Winston formats a record before its transports drop it by level: skip that work up front.
    if (this.logger.isLevelEnabled(level)) this.logger.log(level, 'diagnostics event', { event });
    return event;
  }
}
