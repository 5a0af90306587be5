import { z } from 'zod';
import { DiagnosticEvent } from '@app/enrollment';

export const EventStreamQuerySchema = z.object({
  requestId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  eventId: z
    .string()
    .regex(/^\d{1,5}(,\d{1,5})*$/, 'must be event ids separated by commas, e.g. 21,22')
    .transform((ids) => new Set(ids.split(',').map(Number)))
    .optional(),
  format: z.enum(['json', 'xml']).default('json'),
});
export type EventStreamQuery = z.infer<typeof EventStreamQuerySchema>;

/** Whether a live event passes the stream's filters; `level=N` keeps level N and more severe. */
export function matchesStream(event: DiagnosticEvent, query: EventStreamQuery): boolean {
  return (
    (query.requestId === undefined || event.activityId === query.requestId) &&
    (query.deviceId === undefined || event.deviceObjectId === query.deviceId) &&
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- the query's level is a validated Event Viewer level, 1 to 5
    (query.level === undefined || event.level <= query.level) &&
    (query.eventId === undefined || query.eventId.has(event.eventId))
  );
}
