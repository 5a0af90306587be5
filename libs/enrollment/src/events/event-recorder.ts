import type { Logger } from 'winston';
import { DiagnosticEvent, EventDefinition, EventLevel } from '../diagnostics/diagnostic-event';
import { createEvent, EventContext } from '../diagnostics/event-factory';
import { EventRepository } from './event.repository';

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

  async record(definition: EventDefinition, context: EventContext): Promise<DiagnosticEvent> {
    const event = await this.events.append(createEvent(definition, context));
    const level = LOG_LEVEL[event.level];
    // Winston formats a record before its transports drop it by level: skip that work up front.
    if (this.logger.isLevelEnabled(level)) this.logger.log(level, 'diagnostics event', { event });
    return event;
  }
}
