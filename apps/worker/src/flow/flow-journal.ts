import { Job } from 'bullmq';
import { createEvent, EventDataValue, EventDefinition, EventRecorder, RedisBatch, RedisBatches } from '@app/enrollment';
import { FlowContext } from './flow.types';
import { jobLogLine, StepProgress } from './job-trace';

/**
 * What the flow runner writes about one job as it goes. Checkpoints, metrics and diagnostics events wait
 * in one Redis batch, and the job's log lines and progress (which BullMQ writes on its own connection)
 * beside it, until `send()`: each send is one round trip, and the batch is applied all or none.
 */
export class FlowJournal {
  private batch: RedisBatch;
  private pending: Array<Promise<unknown>> = [];

  constructor(
    private readonly batches: RedisBatches,
    private readonly recorder: EventRecorder,
    private readonly job: Job,
    private readonly flow: string,
    private readonly context: FlowContext,
  ) {
    this.batch = batches.begin();
  }

  /** Adds a repository's writes (`write` queues them on the batch); its result comes once they are sent. */
  add<T>(write: (batch: RedisBatch) => Promise<T>): Promise<T> {
    const result = write(this.batch);
    this.pending.push(result);
    return result;
  }

  /** `add`, for writes whose result nobody reads: `send()` still waits for them and reports their failure. */
  write(write: (batch: RedisBatch) => Promise<unknown>): void {
    void this.add(write);
  }

  /** A diagnostics event of the request, for the event log and the job's log. */
  event(definition: EventDefinition, data: Record<string, EventDataValue> = {}): void {
    const { context } = this;
    const event = createEvent(definition, {
      activityId: context.requestId,
      computer: context.computer,
      userId: context.userId,
      deviceObjectId: context.deviceObjectId,
      data: { ...context.eventData, ...data },
    });
    this.write((batch) => this.recorder.queue(batch, event));
    this.pending.push(this.job.log(jobLogLine(event, this.flow)));
  }

  progress(progress: StepProgress): void {
    this.pending.push(this.job.updateProgress(progress));
  }

  /** Sends what waits; resolves once all of it is written. */
  async send(): Promise<void> {
    const sent = [this.batch.exec(), ...this.pending];
    this.batch = this.batches.begin();
    this.pending = [];
    await Promise.all(sent);
  }
}
