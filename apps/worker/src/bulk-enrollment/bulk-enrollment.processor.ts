import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { BULK_ENROLLMENT_SCHEMAS, bulkSubject, BulkEnrollmentJob, BulkEnrollmentJobs } from '@app/enrollment';
import { FlowRunner } from '../flow/flow-runner';
import { dispatchJob, JobHandlers, parseJob } from '../flow/job-dispatch';
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

  // One handler per job name of the contract; the type makes a missing one a compile error.
  private readonly handlers: JobHandlers<BulkEnrollmentJobs> = {
    [BulkEnrollmentJob.Enroll]: (data, job) => this.runner.run(job, this.flows.enroll, bulkContext(data)),
  };

  process(job: Job): Promise<void> {
    return dispatchJob(job, BULK_ENROLLMENT_SCHEMAS, this.handlers);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<void> {
    const data = parseJob(job, BULK_ENROLLMENT_SCHEMAS);
    return this.runner.settleAbandoned(job, error, data && bulkSubject(data.packageId, data.serialNumber));
  }
}
