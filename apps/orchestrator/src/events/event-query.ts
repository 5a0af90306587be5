import type { Response } from 'express';
import { z } from 'zod';
import { DiagnosticEvent, toEventXml } from '@app/enrollment';
import { Answer, described, refTo, responseShape } from '../http/api-responses';

export const EventQuerySchema = z.object({
  requestId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(['json', 'xml']).default('json'),
});
export type EventQuery = z.infer<typeof EventQuerySchema>;

export const DiagnosticEventSchema = responseShape(
  'DiagnosticEvent',
  z.object({
    provider: z.string(),
    channel: z.string(),
    eventId: z.number().int(),
    symbol: described(z.string(), 'The catalogue entry (docs/events.md); ids 10/11/12 are shared, symbols are not'),
    version: z.number().int(),
    level: described(z.number().int(), '1 Critical, 2 Error, 3 Warning, 4 Information, 5 Verbose'),
    task: z.number().int(),
    opcode: z.number().int(),
    keywords: z.string(),
    timeCreated: z.string(),
    eventRecordId: z.number().int(),
    activityId: described(z.string(), 'The request id (Correlation ActivityID)'),
    processId: z.number().int(),
    threadId: z.number().int(),
    worker: z.string(),
    computer: z.string(),
    userId: z.string().optional(),
    deviceObjectId: z.string().optional(),
    data: described(z.record(z.string(), z.string()), 'EventData name/value pairs'),
    message: z.string(),
  }),
  'A diagnostics event, as Event Viewer would show it',
);

export const EventListSchema = responseShape('EventList', z.object({ items: z.array(DiagnosticEventSchema), count: z.number().int() }));

/** How the event lists answer: JSON, or Windows Event XML with `format=xml`. */
export function eventsAnswer(description: string): Answer {
  return {
    description,
    content: { 'application/json': refTo(EventListSchema), 'application/xml': { type: 'string', description: 'Windows Event XML (<Events>)' } },
  };
}

/** `level=N` keeps events at level N or more severe, as Event Viewer's filter does. */
export function filterEvents(events: DiagnosticEvent[], query: EventQuery): DiagnosticEvent[] {
  const since = query.since ? Date.parse(query.since) : undefined;
  return (
    events
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- the query's level is a validated Event Viewer level, 1 to 5
      .filter((event) => query.level === undefined || event.level <= query.level)
      .filter((event) => since === undefined || Date.parse(event.timeCreated) >= since)
      .slice(-query.limit)
  );
}

export function sendEvents(response: Response, events: DiagnosticEvent[], query: EventQuery): void {
  const selected = filterEvents(events, query);
  if (query.format === 'xml') {
    response.type('application/xml').send(toEventXml(selected));
    return;
  }
  response.json({ items: selected, count: selected.length } satisfies z.infer<typeof EventListSchema>);
}
