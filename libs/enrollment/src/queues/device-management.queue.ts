import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import { CertificateSerial } from '../validation/field-rules';

/** Queue contract shared by producer and consumer. Names are stored data: never rename casually. */
export const DEVICE_MANAGEMENT_QUEUE = 'device-management';

export enum DeviceManagementJob {
  /** What one device message reported: check-in, inventory, command outcomes, alerts. */
  RecordSession = 'record-session',
  /** End a device's management: unenrolled, its certificate revoked, its object removed. */
  Unenroll = 'unenroll',
  /** Revoke a renewed device's previous certificate once its grace period is over (a delayed job). */
  RevokeRenewedCertificate = 'revoke-renewed-certificate',
}

const CommandResultSchema = z.strictObject({
  source: z.string().max(1024),
  format: z.string().max(64).optional(),
  type: z.string().max(256).optional(),
  data: z
    .string()
    .max(64 * 1024)
    .optional(),
  truncated: z.literal(true).optional(),
});

/** The longest SessionID a session is recorded under (Windows sends a few hex digits). */
export const MAX_SESSION_ID_LENGTH = 64;

export const RecordSessionJobSchema = z.strictObject({
  deviceObjectId: z.uuid(),
  mdmDeviceId: z.string().min(1).max(256),
  /** The device's SessionID and MsgID: with the device object, the job's id, so a repeated message is recorded once. */
  sessionId: z.string().min(1).max(MAX_SESSION_ID_LENGTH),
  msgId: z.number().int().positive(),
  at: z.iso.datetime(),
  /** The message opened the session (Alert 1201 or 1200). */
  sessionStarted: z.boolean(),
  /** LocURI → value pairs of package 1's Replace and the inventory Get's Results. */
  inventory: z.record(z.string().max(1024), z.string().max(4096)).optional(),
  outcomes: z.array(z.strictObject({ commandId: z.string().min(1).max(64), statusCode: z.string().max(8), results: z.array(CommandResultSchema).optional() })),
  /** Commands that expired at this message, for their events. */
  expired: z.array(z.string().min(1).max(64)),
  /** The session ended with this message: the device aborted (1223) or nothing was left to say. */
  ended: z.enum(['final', 'aborted']).optional(),
  /** The device asked to be unenrolled (Alert 1226, com.microsoft:mdm.unenrollment.userrequest). */
  unenrollRequested: z.boolean(),
});

export const UnenrollJobSchema = z.strictObject({
  deviceObjectId: z.uuid(),
  reason: z.enum(['device', 'admin', 'forced']),
  at: z.iso.datetime(),
});

export const RevokeRenewedCertificateJobSchema = z.strictObject({
  deviceObjectId: z.uuid(),
  serialNumber: CertificateSerial,
  renewedAt: z.iso.datetime(),
});

export type RecordSessionJobData = z.infer<typeof RecordSessionJobSchema>;
export type UnenrollJobData = z.infer<typeof UnenrollJobSchema>;
export type RevokeRenewedCertificateJobData = z.infer<typeof RevokeRenewedCertificateJobSchema>;

/** Each job name's data. */
export interface DeviceManagementJobs {
  [DeviceManagementJob.RecordSession]: RecordSessionJobData;
  [DeviceManagementJob.Unenroll]: UnenrollJobData;
  [DeviceManagementJob.RevokeRenewedCertificate]: RevokeRenewedCertificateJobData;
}

type AnyDeviceManagementJobData = RecordSessionJobData | UnenrollJobData | RevokeRenewedCertificateJobData;
export type DeviceManagementQueue = Queue<AnyDeviceManagementJobData, void, DeviceManagementJob>;
export type DeviceManagementQueueJob = Job<AnyDeviceManagementJobData, void, DeviceManagementJob>;

export const DEVICE_MANAGEMENT_SCHEMAS: { [N in DeviceManagementJob]: z.ZodType<DeviceManagementJobs[N]> } = {
  [DeviceManagementJob.RecordSession]: RecordSessionJobSchema,
  [DeviceManagementJob.Unenroll]: UnenrollJobSchema,
  [DeviceManagementJob.RevokeRenewedCertificate]: RevokeRenewedCertificateJobSchema,
};

/**
 * Deterministic job ids: a message recorded once, one unenrollment per device, one revocation per certificate.
 * Parts are joined with `.`: BullMQ refuses a custom id with a `:` (its key separator).
 */
export const deviceManagementJobId = {
  recordSession: (data: Pick<RecordSessionJobData, 'deviceObjectId' | 'sessionId' | 'msgId'>) =>
    `session.${data.deviceObjectId}.${Buffer.from(data.sessionId).toString('hex')}.${data.msgId}`,
  unenroll: (deviceObjectId: string) => `unenroll.${deviceObjectId}`,
  revokeRenewed: (serialNumber: string) => `revoke-renewed.${serialNumber}`,
};
