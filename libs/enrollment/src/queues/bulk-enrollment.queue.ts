import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import { SccmIdentifiersSchema } from '../hooks/sccm-hook.schema';
import { BulkEnrollmentBodySchema } from '../bulk/bulk-enrollment.schema';
import { ReportedDeviceSchema } from '../bulk/reported-device.schema';
import { CertificateSerial } from '../validation/field-rules';

/** Queue contract shared by producer and consumer. Names are stored data: never rename casually. */
export const BULK_ENROLLMENT_QUEUE = 'bulk-enrollment';

export enum BulkEnrollmentJob {
  Enroll = 'enroll',
}

/** The bulk token is never in job data: only its id, which the worker checks again. */
export const EnrollJobSchema = BulkEnrollmentBodySchema.extend({
  requestId: z.uuid(),
  deviceObjectId: z.uuid(),
  tokenId: z.uuid(),
  sccm: SccmIdentifiersSchema.optional(),
  /** Present when the device enrolls by itself and says who it is; its name is then taken, not made. */
  reported: ReportedDeviceSchema.optional(),
  /**
   * Present when this device (same package and serial number) is enrolled already with this certificate:
   * the request gives the same device object a new certificate, then revokes this one.
   */
  reenroll: z.strictObject({ certificateSerial: CertificateSerial }).optional(),
  /**
   * Present when the device renews this certificate, its current one, presenting it (MS-WSTEP Renew): the
   * same device object gets a new certificate without a use of the bulk token, and this one is revoked
   * only after the renewal grace period (a delayed revoke-renewed-certificate job), not at once.
   */
  renew: z.strictObject({ certificateSerial: CertificateSerial }).optional(),
});
export type EnrollJobData = z.infer<typeof EnrollJobSchema>;

/** Each job name's data. */
export interface BulkEnrollmentJobs {
  [BulkEnrollmentJob.Enroll]: EnrollJobData;
}

/** The queue and its jobs as producer and consumer see them: names and data from this contract only. */
export type BulkEnrollmentQueue = Queue<EnrollJobData, void, BulkEnrollmentJob>;
export type BulkEnrollmentQueueJob = Job<EnrollJobData, void, BulkEnrollmentJob>;

export const BULK_ENROLLMENT_SCHEMAS: { [N in BulkEnrollmentJob]: z.ZodType<BulkEnrollmentJobs[N]> } = {
  [BulkEnrollmentJob.Enroll]: EnrollJobSchema,
};
