import { Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'winston';
import {
  APP_CONFIG,
  AppConfig,
  classifyError,
  EnrollmentError,
  ErrorClass,
  EventRecorder,
  FLOW_EVENTS,
  LOGGER,
  RedisBatches,
  RequestRepository,
  StepMetricsRepository,
  toEnrollmentError,
} from '@app/enrollment';
import { FlowContext, FlowDefinition } from './flow.types';
import { abandonedJobCode } from './abandoned-job';
import { FlowJournal } from './flow-journal';
import { StepProgress, stepProgress } from './job-trace';

/**
 * Attempts given to a step failing with an error nobody recognises (a bug): one retry rules out a fault
 * that passes, without spending the whole backoff ladder meant for dependencies that are down.
 */
export const UNKNOWN_ERROR_ATTEMPTS = 2;

/**
 * Runs a flow's steps in order for one job. A step that already succeeded (checkpoint in the request
 * record) is not run again; a failure is recorded, emitted as an event, and either retried by BullMQ
 * (transient) or ends the request at once (permanent, via UnrecoverableError); an unknown error is a bug,
 * retried once and then failed as INTERNAL_ERROR with its stack logged. Each event also goes to
 * the job's log and each step to the job's progress, so that Bull Board shows the flow as it runs.
 *
 * A step's bookkeeping (its checkpoint, duration and succeeded event, then the next step's checkpoint
 * and started event) goes to Redis as one batch, sent before the next step runs: a step costs one round
 * trip beyond its own work, and a crash leaves either all of it or none.
 */
@Injectable()
export class FlowRunner {
  constructor(
    private readonly requests: RequestRepository,
    private readonly recorder: EventRecorder,
    private readonly metrics: StepMetricsRepository,
    private readonly batches: RedisBatches,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run<C extends FlowContext>(job: Job, flow: FlowDefinition<C>, context: C): Promise<void> {
    const request = await this.requests.get(context.requestId);
    if (!request) throw new UnrecoverableError(`Request ${context.requestId} does not exist`);
    if (request.status === 'succeeded' || request.status === 'failed') return;
    const events = FLOW_EVENTS[flow.name];
    const journal = new FlowJournal(this.batches, this.recorder, job, flow.name, context);
    const progress = (index: number, status: StepProgress['status']) =>
      journal.progress(stepProgress(flow.steps[index].name, index, flow.steps.length, status, job.attemptsMade + 1));

    const turn = { Attempt: job.attemptsMade + 1, MaxAttempts: job.opts.attempts ?? 1 };
    if (request.status === 'queued') journal.event(events.started);
    if (events.turn) journal.event(events.turn.started, turn);
    for (const [index, step] of flow.steps.entries()) {
      const checkpoint = request.steps.find((candidate) => candidate.name === step.name);
      if (checkpoint?.status === 'succeeded') {
        await step.restore?.(context);
        continue;
      }
      const stepEvents = events.steps[step.name]!;
      // Sent with the previous step's bookkeeping, if any: that one is done, this one starts.
      journal.write((batch) => this.requests.queueStartStep(batch, context.requestId, step.name));
      journal.event(stepEvents.started, { Step: step.name, Attempt: job.attemptsMade + 1 });
      progress(index, 'running');
      await journal.send();
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const output = await step.run(context);
        journal.write((batch) => this.metrics.queueObserveStep(batch, flow.name, step.name, 'succeeded', seconds()));
        journal.write((batch) => this.requests.queueFinishStep(batch, context.requestId, step.name));
        journal.event(stepEvents.succeeded, { Step: step.name, ...(output ?? {}) });
        // The next step's start says this one succeeded: only the last one is reported on its own.
        if (index === flow.steps.length - 1) progress(index, 'succeeded');
      } catch (thrown) {
        journal.write((batch) => this.metrics.queueObserveStep(batch, flow.name, step.name, 'failed', seconds()));
        await this.fail(job, flow, context, index, { thrown, kind: classifyError(thrown), error: toEnrollmentError(thrown) }, journal);
      }
      if (this.config.worker.hangAfterStep === step.name) {
        await journal.send();
        await this.hang(step.name, context.requestId);
      }
    }
    if (events.turn) journal.event(events.turn.completed, turn);
    const finished = journal.add((batch) => this.requests.queueFinish(batch, context.requestId, { status: 'succeeded' }, context.inFlightSubject));
    await journal.send();
    if (await finished) {
      this.logFinished(job, flow.name, context, 'succeeded');
      journal.event(events.completed);
      await Promise.all([this.metrics.countOutcome(flow.name, 'succeeded'), journal.send()]);
    }
  }

  private async fail<C extends FlowContext>(
    job: Job,
    flow: FlowDefinition<C>,
    context: C,
    index: number,
    { thrown, kind, error }: { thrown: unknown; kind: ErrorClass; error: EnrollmentError },
    journal: FlowJournal,
  ): Promise<never> {
    const step = flow.steps[index].name;
    const attempts = Math.min(job.opts.attempts ?? 1, kind === 'unknown' ? UNKNOWN_ERROR_ATTEMPTS : Infinity);
    const final = kind === 'permanent' || job.attemptsMade + 1 >= attempts;
    const info = { code: error.code, message: error.message };
    const data = {
      Step: step,
      ErrorCode: error.code,
      ErrorMessage: error.message,
      Attempt: job.attemptsMade + 1,
      MaxAttempts: attempts,
    };
    const events = FLOW_EVENTS[flow.name];
    journal.write((batch) => this.requests.queueFinishStep(batch, context.requestId, step, info));
    journal.progress(stepProgress(step, index, flow.steps.length, final ? 'failed' : 'retrying', job.attemptsMade + 1, error.code));
    journal.event(final ? events.steps[step]!.failed : events.steps[step]!.retrying, data);
    if (events.turn) journal.event(events.turn.failed, data);
    await journal.send();
    if (final && kind === 'unknown') {
      const stack = thrown instanceof Error ? thrown.stack : undefined;
      this.logger.error('unexpected error', { requestId: context.requestId, step, ...info, attempt: job.attemptsMade + 1, stack });
    }
    if (final) {
      for (const done of flow.steps.slice(0, index).reverse()) await done.compensate?.(context);
      if (await this.requests.finish(context.requestId, { status: 'failed', error: info }, context.inFlightSubject)) {
        this.logFinished(job, flow.name, context, 'failed', { step, code: error.code, error: error.message });
        journal.event(events.failed, data);
        await Promise.all([this.metrics.countOutcome(flow.name, 'failed', error.code), journal.send()]);
      }
    } else {
      this.logger.log('info', 'step failed', { requestId: context.requestId, step, ...info, attempt: job.attemptsMade + 1, of: attempts });
    }
    // An unknown error may stop before BullMQ's attempts are spent: UnrecoverableError ends the job there.
    const stop = kind === 'permanent' || (final && kind === 'unknown');
    throw stop ? new UnrecoverableError(`${error.code}: ${error.message}`) : error;
  }

  /** One line per request outcome, which `npm start` shows as it comes. */
  private logFinished(job: Job, flow: string, context: FlowContext, status: 'succeeded' | 'failed', failure: Record<string, string> = {}): void {
    this.logger.log(status === 'failed' ? 'warn' : 'info', 'request finished', {
      requestId: context.requestId,
      flow,
      status,
      ...failure,
      device: context.computer,
      user: context.userId,
      seconds: Math.round(Date.now() - job.timestamp) / 1000,
    });
  }

  /** Safety net: a job that BullMQ failed by itself (stalled too often, bad data) still ends its request. */
  async settleAbandoned(job: Job<{ requestId?: string } | null | undefined> | undefined, error: Error, inFlightSubject?: string): Promise<void> {
    if (!job?.data?.requestId || (await job.getState()) !== 'failed') return;
    const code = abandonedJobCode(job);
    if (await this.requests.finish(job.data.requestId, { status: 'failed', error: { code, message: error.message } }, inFlightSubject)) {
      this.logger.error('job failed outside its flow', { requestId: job.data.requestId, code });
    }
  }

  /** Fault injection for crash tests (refused in production): stop here, holding the job, until killed. */
  private hang(step: string, requestId: string): Promise<never> {
    this.logger.warn('fault injection: hanging after step', { step, requestId });
    return new Promise<never>(() => undefined);
  }
}
