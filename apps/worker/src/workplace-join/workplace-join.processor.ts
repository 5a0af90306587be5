import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { WORKPLACE_JOIN_SCHEMAS, WorkplaceJoinJob, WorkplaceJoinJobs, workplaceSubject } from '@app/enrollment';
import { FlowRunner } from '../flow/flow-runner';
import { dispatchJob, JobHandlers, parseJob } from '../flow/job-dispatch';
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
  private readonly handlers: JobHandlers<WorkplaceJoinJobs> = {
    [WorkplaceJoinJob.Join]: (data, job) => this.runner.run(job, this.flows.join, joinContext(data)),
    [WorkplaceJoinJob.Leave]: (data, job) => this.runner.run(job, this.flows.leave, { ...workplaceFlowContext(data), job: data }),
  };

  process(job: Job): Promise<void> {
    return dispatchJob(job, WORKPLACE_JOIN_SCHEMAS, this.handlers);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<void> {
    const data = parseJob(job, WORKPLACE_JOIN_SCHEMAS);
    return this.runner.settleAbandoned(job, error, data && workplaceSubject(data.identity.upn, data.deviceId));
  }
}
