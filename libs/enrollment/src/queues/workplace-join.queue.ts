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

const JobBase = z.object({
  requestId: z.uuid(),
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

export type WorkplaceJoinJobData =
  | { name: WorkplaceJoinJob.Join; data: JoinJobData }
  | { name: WorkplaceJoinJob.Leave; data: LeaveJobData };

export const WORKPLACE_JOIN_SCHEMAS = {
  [WorkplaceJoinJob.Join]: JoinJobSchema,
  [WorkplaceJoinJob.Leave]: LeaveJobSchema,
} as const;
