import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import { SccmIdentifiersSchema } from '../hooks/sccm-hook.schema';
import { DomainName, Guid, NetbiosName, OsVersion } from '../validation/field-rules';
import { VerifiedIdentitySchema, WorkplaceJoinBodySchema } from '../workplace-join/workplace-join.schema';

/** Queue contract shared by producer and consumer. Names are stored data: never rename casually. */
export const WORKPLACE_JOIN_QUEUE = 'workplace-join';

export enum WorkplaceJoinJob {
  Join = 'join',
  Leave = 'leave',
}

/** The protocol a Workplace Join request came in by; absent on jobs queued before it was recorded. */
export const WorkplaceJoinProtocol = z.enum(['JSON', 'MS-DVRJ']);
export type WorkplaceJoinProtocol = z.infer<typeof WorkplaceJoinProtocol>;

const JobBase = z.object({
  requestId: z.uuid(),
  protocol: WorkplaceJoinProtocol.optional(),
  deviceObjectId: z.uuid(),
  identity: VerifiedIdentitySchema,
  sccm: SccmIdentifiersSchema.optional(),
});

export const JoinJobSchema = JobBase.extend(WorkplaceJoinBodySchema.shape);
export const LeaveJobSchema = JobBase.extend({
  deviceId: Guid,
  deviceName: NetbiosName,
  domain: DomainName,
  osVersion: OsVersion,
});

export type JoinJobData = z.infer<typeof JoinJobSchema>;
export type LeaveJobData = z.infer<typeof LeaveJobSchema>;

/** Each job name's data. */
export interface WorkplaceJoinJobs {
  [WorkplaceJoinJob.Join]: JoinJobData;
  [WorkplaceJoinJob.Leave]: LeaveJobData;
}

/** The queue and its jobs as producer and consumer see them: names and data from this contract only. */
export type WorkplaceJoinQueue = Queue<JoinJobData | LeaveJobData, void, WorkplaceJoinJob>;
export type WorkplaceJoinQueueJob = Job<JoinJobData | LeaveJobData, void, WorkplaceJoinJob>;

export const WORKPLACE_JOIN_SCHEMAS: { [N in WorkplaceJoinJob]: z.ZodType<WorkplaceJoinJobs[N]> } = {
  [WorkplaceJoinJob.Join]: JoinJobSchema,
  [WorkplaceJoinJob.Leave]: LeaveJobSchema,
};
