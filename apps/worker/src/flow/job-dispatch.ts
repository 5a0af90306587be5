import { Job, UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/** One handler per job name of a queue contract: a name without one is a compile error. */
export type JobHandlers<Jobs> = { [N in keyof Jobs]: (data: Jobs[N], job: Job) => Promise<void> };
/** The schema of each job name's data, from the queue contract. */
export type JobSchemas<Jobs> = { [N in keyof Jobs]: z.ZodType<Jobs[N]> };

/** The job's data parsed by its name's schema, or undefined for an unknown name or data that does not match. */
export function parseJob<Jobs>(job: Job | undefined, schemas: JobSchemas<Jobs>): Jobs[keyof Jobs] | undefined {
  if (!job || !Object.hasOwn(schemas, job.name)) return undefined;
  const result = schemas[job.name as keyof Jobs].safeParse(job.data);
  return result.success ? result.data : undefined;
}

/**
 * Runs the job's handler with its data as the contract's schema parses it (data read back from Redis is
 * parsed, never cast). An unknown name or data that does not match the contract fails for good.
 */
export async function dispatchJob<Jobs>(job: Job, schemas: JobSchemas<Jobs>, handlers: JobHandlers<Jobs>): Promise<void> {
  if (!Object.hasOwn(handlers, job.name)) throw new UnrecoverableError(`No handler for job '${job.name}'`);
  const name = job.name as keyof Jobs;
  const data = parseJob(job, schemas);
  if (data === undefined) throw new UnrecoverableError(`Job ${job.id} does not match the ${job.name} contract`);
  // The name was checked against both maps; TypeScript cannot tie a handler to its own name's data here.
  return (handlers[name] as (data: Jobs[keyof Jobs], job: Job) => Promise<void>)(data, job);
}
