import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { BULK_ENROLLMENT_SCHEMAS, bulkSubject, BulkEnrollmentJob, EnrollJobData } from '@app/enrollment';
import { FlowRunner } from '../flow/flow-runner';
import { bulkContext } from './bulk-enrollment.context';
import { BulkEnrollmentFlows } from './bulk-enrollment.flows';

/**
 * Consumer of the bulk-enrollment queue: validates the job with the contract's schema and runs the flow.
 * Registered as a BullMQ processor by WorkerModule, which supplies the worker options from configuration.
 */
@Injectable()
export class BulkEnrollmentProcessor extends WorkerHost {
  constructor(
    private readonly runner: FlowRunner,
    private readonly flows: BulkEnrollmentFlows,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    if (job.name !== BulkEnrollmentJob.Enroll) throw new UnrecoverableError(`No handler for job '${job.name}'`);
    const result = BULK_ENROLLMENT_SCHEMAS[BulkEnrollmentJob.Enroll].safeParse(job.data);
    if (!result.success) throw new UnrecoverableError(`Job ${job.id} does not match the enroll contract`);
    const data: EnrollJobData = result.data;
    await this.runner.run(job, this.flows.enroll, bulkContext(data));
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<void> {
    const subject = job?.data?.packageId && job.data.serialNumber ? bulkSubject(job.data.packageId, job.data.serialNumber) : undefined;
    return this.runner.settleAbandoned(job, error, subject);
  }
}
