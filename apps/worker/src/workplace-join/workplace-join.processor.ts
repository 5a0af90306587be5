import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import {
  JoinJobData,
  LeaveJobData,
  WORKPLACE_JOIN_SCHEMAS,
  WorkplaceJoinJob,
  workplaceSubject,
} from '@app/enrollment';
import { FlowRunner } from '../flow/flow-runner';
import { joinContext, workplaceFlowContext } from './workplace-join.context';
import { WorkplaceJoinFlows } from './workplace-join.flows';

/**
 * Consumer of the workplace-join queue: validates the job with the contract's schema and runs the flow.
 * Registered as a BullMQ processor by WorkerModule, which supplies the worker options from configuration.
 */
@Injectable()
export class WorkplaceJoinProcessor extends WorkerHost {
  constructor(
    private readonly runner: FlowRunner,
    private readonly flows: WorkplaceJoinFlows,
  ) {
    super();
  }

  // One handler per job name of the contract; the type makes a missing one a compile error.
  private readonly handlers: { [name in WorkplaceJoinJob]: (data: never, job: Job) => Promise<void> } = {
    [WorkplaceJoinJob.Join]: (data: JoinJobData, job) =>
      this.runner.run(job, this.flows.join, joinContext(data)),
    [WorkplaceJoinJob.Leave]: (data: LeaveJobData, job) =>
      this.runner.run(job, this.flows.leave, { ...workplaceFlowContext(data), job: data }),
  };

  async process(job: Job): Promise<void> {
    const name = job.name as WorkplaceJoinJob;
    if (!Object.hasOwn(this.handlers, name)) throw new UnrecoverableError(`No handler for job '${job.name}'`);
    return this.handlers[name](this.parse(job, name) as never, job);
  }

  private parse(job: Job, name: WorkplaceJoinJob): unknown {
    const result = WORKPLACE_JOIN_SCHEMAS[name].safeParse(job.data);
    if (!result.success) throw new UnrecoverableError(`Job ${job.id} does not match the ${name} contract`);
    return result.data;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<void> {
    const { identity, deviceId } = job?.data ?? {};
    return this.runner.settleAbandoned(job, error, identity?.upn && deviceId ? workplaceSubject(identity.upn, deviceId) : undefined);
  }
}
