import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobType } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import {
  BULK_ENROLLMENT_QUEUE,
  DEVICE_MANAGEMENT_QUEUE,
  DeviceManagementQueue,
  STEP_DURATION_BUCKETS,
  StepMetricsRepository,
  WORKPLACE_JOIN_QUEUE,
  BulkEnrollmentQueue,
  WorkplaceJoinQueue,
} from '@app/enrollment';

const JOB_STATES: JobType[] = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'];

/**
 * Prometheus metrics. This process's own (intake, Node.js runtime) come from prom-client; queue depths
 * are read from BullMQ at scrape time; step durations and outcomes are the whole deployment's, as the
 * workers record them in Redis.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly intake = new Counter({
    name: 'eo_requests_received_total',
    help: 'Requests received by this orchestrator at the device endpoints, by flow and result (accepted, in_flight, existing, refused), refusals by error code.',
    labelNames: ['flow', 'result', 'code'],
    registers: [this.registry],
  });

  constructor(
    @InjectQueue(WORKPLACE_JOIN_QUEUE) workplaceJoin: WorkplaceJoinQueue,
    @InjectQueue(BULK_ENROLLMENT_QUEUE) bulkEnrollment: BulkEnrollmentQueue,
    @InjectQueue(DEVICE_MANAGEMENT_QUEUE) deviceManagement: DeviceManagementQueue,
    private readonly steps: StepMetricsRepository,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'eo_' });
    new Gauge({
      name: 'eo_queue_jobs',
      help: 'Jobs per queue and state.',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of [workplaceJoin, bulkEnrollment, deviceManagement]) {
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
  }

  countIntake(flow: string, result: 'accepted' | 'in_flight' | 'existing'): void {
    this.intake.inc({ flow, result });
  }

  /** A device endpoint's 4xx; codes are a fixed list, so the series stay few. */
  countRefusal(flow: string, code: string): void {
    this.intake.inc({ flow, result: 'refused', code });
  }

  async render(): Promise<string> {
    return `${await this.registry.metrics()}\n${await this.deploymentMetrics()}`;
  }

  private async deploymentMetrics(): Promise<string> {
    const lines = ['# HELP eo_step_duration_seconds Duration of flow steps, all workers.', '# TYPE eo_step_duration_seconds histogram'];
    for (const series of await this.steps.stepDurations()) {
      const labels = `flow="${series.flow}",step="${series.step}",outcome="${series.outcome}"`;
      STEP_DURATION_BUCKETS.forEach((bound, i) => lines.push(`eo_step_duration_seconds_bucket{${labels},le="${bound}"} ${series.buckets[i]}`));
      lines.push(`eo_step_duration_seconds_bucket{${labels},le="+Inf"} ${series.count}`);
      lines.push(`eo_step_duration_seconds_sum{${labels}} ${series.sum}`);
      lines.push(`eo_step_duration_seconds_count{${labels}} ${series.count}`);
    }
    lines.push('# HELP eo_request_outcomes_total Finished requests by flow, status and error code, all workers.');
    lines.push('# TYPE eo_request_outcomes_total counter');
    for (const outcome of await this.steps.outcomes()) {
      lines.push(`eo_request_outcomes_total{flow="${outcome.flow}",status="${outcome.status}",code="${outcome.code}"} ${outcome.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
