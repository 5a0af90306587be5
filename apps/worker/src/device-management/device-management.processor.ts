import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'winston';
import { classifyError, DEVICE_MANAGEMENT_SCHEMAS, DeviceManagementJob, DeviceManagementJobs, LOGGER } from '@app/enrollment';
import { dispatchJob, JobHandlers } from '../flow/job-dispatch';
import { UNKNOWN_ERROR_ATTEMPTS } from '../flow/flow-runner';
import { DeviceUnenrollment } from './device-unenrollment.service';
import { RecordSessionHandler } from './record-session.handler';
import { RevokeRenewedCertificateHandler } from './revoke-renewed-certificate.handler';

/**
 * Consumer of the device-management queue: validates the job with the contract's schema and runs its handler.
 * These jobs belong to no enrollment request (no request record to keep step checkpoints in), so they do not
 * run through FlowRunner: each handler checks what is already done itself, and its events are its checkpoints.
 * Registered as a BullMQ processor by WorkerModule, which supplies the worker options from configuration.
 */
@Injectable()
export class DeviceManagementProcessor extends WorkerHost {
  constructor(
    private readonly sessions: RecordSessionHandler,
    private readonly unenrollment: DeviceUnenrollment,
    private readonly renewals: RevokeRenewedCertificateHandler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  // One handler per job name of the contract; the type makes a missing one a compile error.
  private readonly handlers: JobHandlers<DeviceManagementJobs> = {
    [DeviceManagementJob.RecordSession]: (data) => this.sessions.record(data),
    [DeviceManagementJob.Unenroll]: (data) => this.unenrollment.unenroll(data.deviceObjectId, data.reason, new Date(data.at)),
    [DeviceManagementJob.RevokeRenewedCertificate]: (data) => this.renewals.revoke(data),
  };

  async process(job: Job): Promise<void> {
    try {
      await dispatchJob(job, DEVICE_MANAGEMENT_SCHEMAS, this.handlers);
    } catch (thrown) {
      throw this.settled(job, thrown);
    }
  }

  /** Transient faults are retried with backoff; permanent ones end the job; an unknown one (a bug) gets one retry, then its stack is logged. */
  private settled(job: Job, thrown: unknown): unknown {
    const kind = thrown instanceof UnrecoverableError ? 'permanent' : classifyError(thrown);
    if (kind === 'transient') return thrown;
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    if (kind === 'permanent') return thrown instanceof UnrecoverableError ? thrown : new UnrecoverableError(message);
    if (job.attemptsMade + 1 < UNKNOWN_ERROR_ATTEMPTS) return thrown;
    this.logger.error('unexpected error', {
      queue: job.queueName,
      job: job.name,
      jobId: job.id,
      error: message,
      stack: thrown instanceof Error ? thrown.stack : undefined,
    });
    return new UnrecoverableError(message);
  }
}
