import { hostname } from 'node:os';
import { DiagnosticEvent, EventDefinition } from './diagnostic-event';

export type EventDataValue = string | number | boolean | undefined;

/** What the emitting code knows about one occurrence of an event. */
export interface EventContext {
  activityId: string;
  computer: string;
  userId?: string;
  deviceObjectId?: string;
  data: Record<string, EventDataValue>;
  now?: Date;
  processId?: number;
  worker?: string;
}

/** Shown for a placeholder with no value, so a message never reads as if words were missing. */
export const MISSING_VALUE = '-';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Builds an event from its definition; the event store assigns eventRecordId. */
export function createEvent(def: EventDefinition, ctx: EventContext): Omit<DiagnosticEvent, 'eventRecordId'> {
  const data = eventData(def, ctx);
  return {
    provider: def.provider,
    channel: def.channel,
    eventId: def.id,
    symbol: def.symbol,
    version: 0,
    level: def.level,
    task: def.task,
    opcode: def.opcode,
    keywords: def.keywords,
    timeCreated: (ctx.now ?? new Date()).toISOString(),
    activityId: ctx.activityId,
    processId: ctx.processId ?? process.pid,
    threadId: 0,
    worker: ctx.worker ?? `${hostname()}:${process.pid}`,
    computer: ctx.computer,
    ...(ctx.userId !== undefined && { userId: ctx.userId }),
    ...(ctx.deviceObjectId !== undefined && { deviceObjectId: ctx.deviceObjectId }),
    data,
    message: renderMessage(def.message, data),
  };
}

/** Fills `{Name}` placeholders from data in one pass, so values that look like placeholders stay as they are. */
export function renderMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => (Object.hasOwn(data, name) && data[name]) || MISSING_VALUE);
}

function eventData(def: EventDefinition, ctx: EventContext): Record<string, string> {
  // `!= null` also drops a stray null from untyped callers; fromEntries keeps any name, even `__proto__`, as data.
  const data: Record<string, string> = Object.fromEntries(Object.entries(ctx.data).flatMap(([name, value]) => (value != null ? [[name, String(value)]] : [])));
  // Windows renders a message only from EventData, so identity fields the message names are written there too.
  const fallbacks = new Map([
    ['UserPrincipalName', ctx.userId],
    ['DeviceName', ctx.computer],
    ['DeviceObjectId', ctx.deviceObjectId],
  ]);
  for (const [, name] of def.message.matchAll(PLACEHOLDER)) {
    const fallback = fallbacks.get(name);
    if (!Object.hasOwn(data, name) && fallback !== undefined) data[name] = fallback;
  }
  // The definition's own data (a bulk step's Category) comes first and cannot be overridden by a caller.
  return { ...def.data, ...data, ...def.data };
}
