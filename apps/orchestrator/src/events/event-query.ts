import type { Response } from 'express';
import { z } from 'zod';
import { DiagnosticEvent, toEventXml } from '@app/enrollment';

export const EventQuerySchema = z.object({
  requestId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(['json', 'xml']).default('json'),
});
export type EventQuery = z.infer<typeof EventQuerySchema>;

/** `level=N` keeps events at level N or more severe, as Event Viewer's filter does. */
export function filterEvents(events: DiagnosticEvent[], query: EventQuery): DiagnosticEvent[] {
  const since = query.since ? Date.parse(query.since) : undefined;
  return events
    .filter((event) => query.level === undefined || event.level <= query.level)
    .filter((event) => since === undefined || Date.parse(event.timeCreated) >= since)
    .slice(-query.limit);
}

export function sendEvents(response: Response, events: DiagnosticEvent[], query: EventQuery): void {
  const selected = filterEvents(events, query);
  if (query.format === 'xml') {
    response.type('application/xml').send(toEventXml(selected));
    return;
  }
  response.json({ items: selected, count: selected.length });
}
