import { z } from 'zod';
import { DEVICE_COMMAND_VERBS, DeviceCommand } from '@app/enrollment';
import { described, responseShape } from '../http/api-responses';

export const DeviceCommandViewSchema = responseShape(
  'DeviceCommand',
  z.object({
    id: z.uuid(),
    verb: z.enum(DEVICE_COMMAND_VERBS),
    target: described(z.string(), 'The LocURI, e.g. ./DevDetail/SwV'),
    data: z.string().optional(),
    format: z.string().optional(),
    type: z.string().optional(),
    origin: described(z.enum(['admin', 'inventory', 'unenroll']), 'Who queued it: an administrator, or the service'),
    status: described(
      z.enum(['pending', 'sent', 'succeeded', 'failed', 'expired']),
      'pending until sent at a session; sent until the device answers (sent again at its next session); expired when not answered in time',
    ),
    statusCode: described(z.string(), "Windows' SyncML status code for the command (200, 404, 405, 500, …)").optional(),
    results: described(
      z.array(
        z.object({
          source: z.string(),
          format: z.string().optional(),
          type: z.string().optional(),
          data: z.string().optional(),
          truncated: described(z.literal(true), 'The device sent more than 64 KiB; data is its beginning').optional(),
        }),
      ),
      "The device's Results of a Get",
    ).optional(),
    deliveries: z.number().int(),
    createdAt: z.string(),
    expiresAt: z.string(),
    sentAt: z.string().optional(),
    completedAt: z.string().optional(),
  }),
  'A command queued for a device enrolled over MS-MDE2, delivered at its next management session',
);

export const DeviceCommandListSchema = responseShape('DeviceCommandList', z.object({ items: z.array(DeviceCommandViewSchema) }));

export const UnenrollmentAcceptedSchema = responseShape(
  'UnenrollmentAccepted',
  z.object({
    status: described(
      z.enum(['pending', 'unenrolling']),
      "pending: the DMClient unenroll command waits for the device's next session; unenrolling: its certificate is being revoked and its object removed",
    ),
    commandId: z.uuid().optional(),
    commandUrl: z.string().optional(),
  }),
);

export type DeviceCommandView = z.infer<typeof DeviceCommandViewSchema>;
export type UnenrollmentAcceptedView = z.infer<typeof UnenrollmentAcceptedSchema>;

/** The command as stored, data included: it is the administrator's own. */
export function deviceCommandView(command: DeviceCommand): DeviceCommandView {
  return {
    id: command.id,
    verb: command.verb,
    target: command.target,
    data: command.data,
    format: command.format,
    type: command.type,
    origin: command.origin,
    status: command.status,
    statusCode: command.statusCode,
    results: command.results,
    deliveries: command.deliveries,
    createdAt: command.createdAt,
    expiresAt: command.expiresAt,
    sentAt: command.sentAt,
    completedAt: command.completedAt,
  };
}
