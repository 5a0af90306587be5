import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'winston';
import {
  APP_CONFIG,
  AppConfig,
  BULK_ENROLLMENT_QUEUE,
  ErrorCode,
  EventRecorder,
  FLOW_EVENTS,
  FlowName,
  LOGGER,
  RequestRepository,
  StepMetricsRepository,
  WORKPLACE_JOIN_QUEUE,
  BulkEnrollmentQueue,
  WorkplaceJoinQueue,
} from '@app/enrollment';

const BATCH = 100;
const MAX_INTERVAL_MS = 15000;

/**
 * Ends the requests an orchestrator recorded but died before queuing: without it such a request would
 * stay "queued" and hold its user@device or package + serial for a day. Every orchestrator sweeps; the
 * request store lets only one of them end each request.
 *
 * A request unconfirmed for `INTAKE_RECONCILE_AFTER_MS` whose job is in its queue (the process died
 * just after adding it) is left to run; one without a job is failed with `INTAKE_INTERRUPTED`, which
 * tells the device or Configuration Manager to send it again.
 */
@Injectable()
export class IntakeReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private readonly queues: Record<FlowName, WorkplaceJoinQueue | BulkEnrollmentQueue>;

  constructor(
    private readonly requests: RequestRepository,
    private readonly recorder: EventRecorder,
    private readonly metrics: StepMetricsRepository,
    @InjectQueue(WORKPLACE_JOIN_QUEUE) workplaceJoin: WorkplaceJoinQueue,
    @InjectQueue(BULK_ENROLLMENT_QUEUE) bulkEnrollment: BulkEnrollmentQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queues = { 'workplace-join': workplaceJoin, 'workplace-leave': workplaceJoin, 'bulk-enrollment': bulkEnrollment };
  }

  onApplicationBootstrap(): void {
    const interval = Math.min(MAX_INTERVAL_MS, this.config.intake.reconcileAfterMs);
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => {
          this.logger.warn('intake reconciliation failed; trying again', { reason: (error as Error).message });
        })
        .finally(() => (this.sweeping = undefined));
    }, interval);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass over the requests unconfirmed for longer than the grace period. */
  async sweep(): Promise<void> {
    const before = new Date(Date.now() - this.config.intake.reconcileAfterMs);
    for (const requestId of await this.requests.unconfirmed(before, BATCH)) await this.reconcile(requestId);
  }

  private async reconcile(requestId: string): Promise<void> {
    const request = await this.requests.get(requestId);
    if (request?.status === 'queued' && !(await this.queues[request.flow].getJob(requestId))) {
      const error = {
        code: ErrorCode.IntakeInterrupted,
        message: 'The request was recorded but never queued (the orchestrator stopped in between); send it again',
      };
      if (await this.requests.abandonUnqueued(requestId, error)) {
        this.logger.warn('request never queued: failed', { requestId, flow: request.flow, code: error.code });
        await Promise.all([
          this.metrics.countOutcome(request.flow, 'failed', error.code),
          this.recorder.record(FLOW_EVENTS[request.flow].failed, {
            activityId: requestId,
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
            computer: request.subject.deviceName ?? request.subject.serialNumber ?? '',
            userId: request.subject.upn,
            deviceObjectId: request.deviceObjectId,
            data: { ErrorCode: error.code, ErrorMessage: error.message },
          }),
        ]);
        return;
      }
    }
    // Queued after all, already running or ended, or gone: nothing is left to watch.
    await this.requests.confirmQueued(requestId);
  }
}
