import { DiagnosticEvent } from './diagnostic-event';
import { definitionOf } from './event-catalogue';
import { createEvent } from './event-factory';

/**
 * A diagnostics event as Redis keeps it: what happened, without what the catalogue knows.
 *
 * Windows does the same: a log record holds the event's id and EventData, and Event Viewer takes the
 * provider, channel, level, task, opcode, keywords and message template from the provider's manifest.
 * Here the symbol names the definition (ids 10/11/12 are shared), so a stored event is about a third
 * of the whole one.
 */
export interface StoredEvent {
  eventRecordId: number;
  symbol: string;
  timeCreated: string;
  activityId: string;
  processId: number;
  worker: string;
  computer: string;
  userId?: string;
  deviceObjectId?: string;
  data: Record<string, string>;
}

/** The stored form of an event, without its record id (the event store numbers it as it files it). */
export function storedEvent(event: Omit<DiagnosticEvent, 'eventRecordId'>): Omit<StoredEvent, 'eventRecordId'> {
  return {
    symbol: event.symbol,
    timeCreated: event.timeCreated,
    activityId: event.activityId,
    processId: event.processId,
    worker: event.worker,
    computer: event.computer,
    ...(event.userId !== undefined && { userId: event.userId }),
    ...(event.deviceObjectId !== undefined && { deviceObjectId: event.deviceObjectId }),
    data: event.data,
  };
}

/** The whole event back from its stored JSON; events stored whole (before this form) come back as they are. */
export function parseStoredEvent(json: string): DiagnosticEvent {
  const stored = JSON.parse(json) as StoredEvent | DiagnosticEvent;
  if ('provider' in stored) return stored;
  const def = definitionOf(stored.symbol);
  if (!def) throw new Error(`Stored event ${stored.eventRecordId} has symbol ${stored.symbol}, which this version's catalogue does not define`);
  // Made again from its definition and what was stored, the event is the one that was created.
  const event = createEvent(def, {
    activityId: stored.activityId,
    computer: stored.computer,
    userId: stored.userId,
    deviceObjectId: stored.deviceObjectId,
    data: stored.data,
    now: new Date(stored.timeCreated),
    processId: stored.processId,
    worker: stored.worker,
  });
  return { eventRecordId: stored.eventRecordId, ...event };
}
