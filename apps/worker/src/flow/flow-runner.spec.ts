import { Job, UnrecoverableError } from 'bullmq';
import {
  AppConfig,
  EnrollmentError,
  ErrorCode,
  EventDefinition,
  EventRecorder,
  FLOW_EVENTS,
  RequestOutcome,
  RequestRecord,
  RequestRepository,
  StepMetricsRepository,
  StepName,
  StepRecord,
} from '@app/enrollment';
import { FlowRunner } from './flow-runner';
import { FlowContext, FlowDefinition, Step } from './flow.types';

/** An in-memory request store with the same once-only semantics as the Redis one. */
class FakeRequests {
  finished: RequestOutcome[] = [];
  constructor(public record: RequestRecord) {}
  async get() {
    return structuredClone(this.record);
  }
  async startStep(_: string, name: StepName) {
    const step = this.step(name);
    Object.assign(step, { status: 'running', attempts: step.attempts + 1 });
    if (this.record.status === 'queued') this.record.status = 'running';
    return step;
  }
  async finishStep(_: string, name: StepName, error?: { code: string; message: string }) {
    Object.assign(this.step(name), { status: error ? 'failed' : 'succeeded', error });
  }
  async finish(_: string, outcome: RequestOutcome) {
    if (this.record.status === 'succeeded' || this.record.status === 'failed') return false;
    this.record.status = outcome.status;
    this.finished.push(outcome);
    return true;
  }
  private step(name: StepName): StepRecord {
    return this.record.steps.find((step) => step.name === name)!;
  }
}

function request(): RequestRecord {
  const steps = (['authenticate', 'issue-certificate', 'register-device'] as const).map(
    (name): StepRecord => ({ name, status: 'pending', attempts: 0 }),
  );
  return { id: 'r1', flow: 'workplace-join', status: 'queued', owner: 'upn:a@b.c', createdAt: '', updatedAt: '', subject: {}, steps };
}

function step(name: StepName, run: Step<FlowContext>['run'], restore?: Step<FlowContext>['restore']): Step<FlowContext> {
  return { name, run: jest.fn(run), restore: restore && jest.fn(restore) };
}

const job = (attemptsMade: number, attempts = 3) => ({ attemptsMade, opts: { attempts } }) as unknown as Job;
const context: FlowContext = { requestId: 'r1', deviceObjectId: 'd1', computer: 'PC01', eventData: {} };
const events = FLOW_EVENTS['workplace-join'];

describe(FlowRunner.name, () => {
  let requests: FakeRequests;
  let emitted: EventDefinition[];
  let sut: FlowRunner;

  function flow(steps: Step<FlowContext>[]): FlowDefinition<FlowContext> {
    return { name: 'workplace-join', steps };
  }

  beforeEach(() => {
    requests = new FakeRequests(request());
    emitted = [];
    const recorder = { record: async (definition: EventDefinition) => emitted.push(definition) } as unknown as EventRecorder;
    const config = { worker: {} } as AppConfig;
    const logger = { log: () => undefined, warn: () => undefined } as never;
    const metrics = { observeStep: async () => undefined, countOutcome: async () => undefined } as unknown as StepMetricsRepository;
    sut = new FlowRunner(requests as unknown as RequestRepository, recorder, metrics, config, logger);
  });

  it('runs the steps in order and completes the request once', async () => {
    const order: string[] = [];
    const steps = (['authenticate', 'issue-certificate', 'register-device'] as const).map((name) =>
      step(name, async () => void order.push(name)),
    );
    await sut.run(job(0), flow(steps), context);
    expect(order).toEqual(['authenticate', 'issue-certificate', 'register-device']);
    expect(requests.finished).toEqual([{ status: 'succeeded' }]);
    expect(emitted[0]).toBe(events.started);
    expect(emitted.at(-1)).toBe(events.completed);
  });

  it('fails at once on a permanent error: UnrecoverableError, request failed, Error event', async () => {
    const later = step('register-device', async () => undefined);
    const steps = [
      step('authenticate', async () => undefined),
      step('issue-certificate', async () => {
        throw EnrollmentError.permanent(ErrorCode.CsrMalformed, 'bad CSR');
      }),
      later,
    ];
    await expect(sut.run(job(0), flow(steps), context)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(later.run).not.toHaveBeenCalled();
    expect(requests.finished).toEqual([{ status: 'failed', error: { code: 'CSR_MALFORMED', message: 'bad CSR' } }]);
    expect(emitted).toContain(events.steps['issue-certificate']!.failed);
    expect(emitted.at(-1)).toBe(events.failed);
  });

  it.each([
    ['retries a transient error while attempts remain', 0, false],
    ['fails the request when the last attempt fails transiently', 2, true],
  ])('%s', async (_, attemptsMade, final) => {
    const transient = EnrollmentError.transient(ErrorCode.IdentityProviderUnreachable, 'AD FS down');
    const steps = [step('authenticate', async () => Promise.reject(transient))];
    await expect(sut.run(job(attemptsMade), flow(steps), context)).rejects.toBe(transient);
    expect(requests.finished.length).toBe(final ? 1 : 0);
    expect(emitted).toContain(final ? events.steps.authenticate!.failed : events.steps.authenticate!.retrying);
  });

  it('treats an unknown error as transient', async () => {
    const steps = [step('authenticate', async () => Promise.reject(new TypeError('boom')))];
    await expect(sut.run(job(0), flow(steps), context)).rejects.toMatchObject({ code: 'INTERNAL_ERROR', permanent: false });
  });

  it('resumes after the last finished step: restores it instead of running it again', async () => {
    requests.record.status = 'running';
    requests.record.steps[0].status = 'succeeded';
    requests.record.steps[1].status = 'succeeded';
    const issued = step('issue-certificate', async () => undefined, async () => undefined);
    const register = step('register-device', async () => undefined);
    await sut.run(job(1), flow([step('authenticate', async () => undefined), issued, register]), context);
    expect(issued.run).not.toHaveBeenCalled();
    expect(issued.restore).toHaveBeenCalledTimes(1);
    expect(register.run).toHaveBeenCalledTimes(1);
    expect(emitted).not.toContain(events.started);
  });

  it('does nothing for a request that already finished', async () => {
    requests.record.status = 'succeeded';
    const only = step('authenticate', async () => undefined);
    await sut.run(job(0), flow([only]), context);
    expect(only.run).not.toHaveBeenCalled();
    expect(emitted).toEqual([]);
  });
});
