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

/** The whole event back from its stored JSON; events stored whole (before this form) come back as they are. */
export function parseStoredEvent(json: string): DiagnosticEvent {
  const stored = JSON.parse(json) as StoredEvent | DiagnosticEvent;
  return 'provider' in stored ? stored : wholeEvent(stored);
}

function wholeEvent(stored: StoredEvent): DiagnosticEvent {
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

/**
 * The filed form of an event, as its request's list keeps it: a JSON array
 * `[eventRecordId, symbol, time, processId, worker, computer, deviceObjectId | null, userId | null, data]`.
 *
 * The list's key names the request, so the activity id is left out; the field names of the object form
 * go too. Event data repeats the event's identity (RequestId, DeviceObjectId, DeviceName, a serial number
 * that is also the computer name), so a data value equal to one of them is kept as a number naming it:
 * stored values are otherwise always strings, so a number cannot be mistaken for one. The time is kept
 * in milliseconds when its ISO form is the one `toISOString` gives back. Together this is about half the
 * object form.
 */
export type FiledEvent = [
  eventRecordId: number,
  symbol: string,
  time: number | string,
  processId: number,
  worker: string,
  computer: string,
  deviceObjectId: string | null,
  userId: string | null,
  data: Record<string, string | number>,
];

/** What a number in a filed event's data stands for, by its value. */
const IDENTITY = ['activityId', 'deviceObjectId', 'computer', 'userId'] as const;

/** The filed form without its record id (the event store numbers the event as it files it): `[symbol, …]`. */
export function filedEvent(event: Omit<DiagnosticEvent, 'eventRecordId'>): string {
  const identity = IDENTITY.map((field) => event[field]);
  const data = Object.fromEntries(
    Object.entries(event.data).map(([name, value]) => {
      const index = identity.indexOf(value);
      return [name, index >= 0 ? index : value];
    }),
  );
  const ms = Date.parse(event.timeCreated);
  const time = !Number.isNaN(ms) && new Date(ms).toISOString() === event.timeCreated ? ms : event.timeCreated;
  const filed: FiledEvent = [0, event.symbol, time, event.processId, event.worker, event.computer, event.deviceObjectId ?? null, event.userId ?? null, data];
  return JSON.stringify(filed.slice(1));
}

/** The record id of a filed event without parsing it all (`[<id>,…`); NaN for an event in an older form. */
export function filedEventRecordId(entry: string): number {
  return entry.startsWith('[') ? Number(entry.slice(1, entry.indexOf(','))) : Number.NaN;
}

/** The whole event back from an entry of `activityId`'s list: the filed form, or any older form parseStoredEvent reads. */
export function parseFiledEvent(entry: string, activityId: string): DiagnosticEvent {
  if (!entry.startsWith('[')) return parseStoredEvent(entry);
  const [eventRecordId, symbol, time, processId, worker, computer, deviceObjectId, userId, data] = JSON.parse(entry) as FiledEvent;
  const identity = [activityId, deviceObjectId ?? undefined, computer, userId ?? undefined];
  const stored: StoredEvent = {
    eventRecordId,
    symbol,
    timeCreated: typeof time === 'number' ? new Date(time).toISOString() : time,
    activityId,
    processId,
    worker,
    computer,
    ...(userId !== null && { userId }),
    ...(deviceObjectId !== null && { deviceObjectId }),
    data: Object.fromEntries(Object.entries(data).map(([name, value]) => [name, typeof value === 'number' ? identity[value]! : value])),
  };
  return wholeEvent(stored);
}
