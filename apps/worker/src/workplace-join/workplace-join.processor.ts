import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'winston';
import {
  ErrorCode,
  JoinJobData,
  LeaveJobData,
  LOGGER,
  RequestRepository,
  WORKPLACE_JOIN_SCHEMAS,
  WorkplaceJoinJob,
  workplaceSubject,
} from '@app/enrollment';
import { FlowRunner } from '../flow/flow-runner';
import { AuthenticateStep } from './steps/authenticate.step';
import { IssueCertificateStep } from './steps/issue-certificate.step';
import { RegisterDeviceStep } from './steps/register-device.step';
import { RemoveDeviceStep } from './steps/remove-device.step';
import { RevokeCertificateStep } from './steps/revoke-certificate.step';
import { JoinContext, LeaveContext, workplaceFlowContext } from './workplace-join.context';

/**
 * Consumer of the workplace-join queue: validates the job with the contract's schema and runs the flow.
 * Registered as a BullMQ processor by WorkerModule, which supplies the worker options from configuration.
 */
@Injectable()
export class WorkplaceJoinProcessor extends WorkerHost {
  constructor(
    private readonly runner: FlowRunner,
    private readonly requests: RequestRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly authenticate: AuthenticateStep,
    private readonly issueCertificate: IssueCertificateStep,
    private readonly registerDevice: RegisterDeviceStep,
    private readonly revokeCertificate: RevokeCertificateStep,
    private readonly removeDevice: RemoveDeviceStep,
  ) {
    super();
  }

  // One handler per job name of the contract; the type makes a missing one a compile error.
  private readonly handlers: { [name in WorkplaceJoinJob]: (data: never, job: Job) => Promise<void> } = {
    [WorkplaceJoinJob.Join]: (data: JoinJobData, job) => this.join(data, job),
    [WorkplaceJoinJob.Leave]: (data: LeaveJobData, job) => this.leave(data, job),
  };

  async process(job: Job): Promise<void> {
    const name = job.name as WorkplaceJoinJob;
    if (!Object.hasOwn(this.handlers, name)) throw new UnrecoverableError(`No handler for job '${job.name}'`);
    return this.handlers[name](this.parse(job, name) as never, job);
  }

  private join(data: JoinJobData, job: Job): Promise<void> {
    const context: JoinContext = { ...workplaceFlowContext(data), job: data };
    return this.runner.run(job, {
      name: 'workplace-join',
      inFlightSubject: workplaceSubject(data.identity.upn, data.deviceId),
      steps: [this.authenticate, this.issueCertificate, this.registerDevice],
    }, context);
  }

  private leave(data: LeaveJobData, job: Job): Promise<void> {
    const context: LeaveContext = { ...workplaceFlowContext(data), job: data };
    return this.runner.run(job, {
      name: 'workplace-leave',
      inFlightSubject: workplaceSubject(data.identity.upn, data.deviceId),
      steps: [this.authenticate, this.revokeCertificate, this.removeDevice],
    }, context);
  }

  private parse(job: Job, name: WorkplaceJoinJob): unknown {
    const result = WORKPLACE_JOIN_SCHEMAS[name].safeParse(job.data);
    if (!result.success) throw new UnrecoverableError(`Job ${job.id} does not match the ${name} contract`);
    return result.data;
  }

  /** Safety net: a job that BullMQ fails by itself (stalled too often, bad data) still ends its request. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job?.data?.requestId || (await job.getState()) !== 'failed') return;
    const code = /stalled/i.test(error.message) ? ErrorCode.JobStalled : ErrorCode.Internal;
    const subject = job.data.identity?.upn && job.data.deviceId ? workplaceSubject(job.data.identity.upn, job.data.deviceId) : undefined;
    if (await this.requests.finish(job.data.requestId, { status: 'failed', error: { code, message: error.message } }, subject)) {
      this.logger.error('job failed outside its flow', { requestId: job.data.requestId, code });
    }
  }
}
