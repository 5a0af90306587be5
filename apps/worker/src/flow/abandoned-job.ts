import type { Job } from 'bullmq';
import { ErrorCode } from '@app/enrollment';

/**
 * Times a job may stall (its worker gone without finishing it) and still be run again. Past it, BullMQ
 * fails the job by itself, and the job's `stalledCounter` says so.
 */
export const MAX_STALLED_COUNT = 1;

/** Why BullMQ failed a job outside its flow: stalled too often, or anything else (a bug). */
export function abandonedJobCode(job: Pick<Job, 'stalledCounter'>): ErrorCode.JobStalled | ErrorCode.Internal {
  return job.stalledCounter > MAX_STALLED_COUNT ? ErrorCode.JobStalled : ErrorCode.Internal;
}
