import { JobsOptions } from 'bullmq';

/**
 * Options of every enrollment job: retries with exponential backoff and jitter, bounded retention.
 * Job ids are request ids, so adding the same request twice is a no-op. Completed jobs are only what
 * Bull Board shows (the request record is the history), so a wave keeps its last thousand, not all.
 * A job's log (one line per event of its request) keeps its newest 100 lines: a bulk enrollment that
 * fails at its last step on each of 6 attempts writes 34 (a retry resumes after the finished steps).
 */
export function enrollmentJobOptions(retry: { attempts: number; backoffMs: number }): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
    keepLogs: 100,
  };
}

/**
 * Options of every device-management job: retries with exponential backoff and jitter, bounded retention.
 * Their ids are deterministic (`deviceManagementJobId`), so a message or an unenrollment is queued once;
 * the outcome lives on the device and its commands, so completed jobs are kept only briefly.
 */
export function deviceManagementJobOptions(retry: { attempts: number; backoffMs: number }): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
  };
}
