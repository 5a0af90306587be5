import { z } from 'zod';
import { SccmIdentifiersSchema } from '../hooks/sccm-hook.schema';
import { BulkEnrollmentBodySchema } from '../bulk-store/bulk-enrollment.schema';

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
});
export type EnrollJobData = z.infer<typeof EnrollJobSchema>;

export const BULK_ENROLLMENT_SCHEMAS = { [BulkEnrollmentJob.Enroll]: EnrollJobSchema } as const;
