import { Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import {
  AppConfig,
  definitionOf,
  DiagnosticEvent,
  EnrollmentError,
  ErrorCode,
  EventDefinition,
  EventRecorder,
  FLOW_EVENTS,
  RequestOutcome,
  RequestRecord,
  RedisBatch,
  RedisBatches,
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
  // Writes sent with a batch: the fake batch sends nothing, these write at once.
  queueStartStep(_batch: RedisBatch, id: string, name: StepName) {
    return this.startStep(id, name);
  }
  queueFinishStep(_batch: RedisBatch, id: string, name: StepName, error?: { code: string; message: string }) {
    return this.finishStep(id, name, error);
  }
  queueFinish(_batch: RedisBatch, id: string, outcome: RequestOutcome) {
    return this.finish(id, outcome);
  }
  private step(name: StepName): StepRecord {
    return this.record.steps.find((step) => step.name === name)!;
  }
}

function request(): RequestRecord {
  const steps = (['authenticate', 'issue-certificate', 'register-device'] as const).map((name): StepRecord => ({ name, status: 'pending', attempts: 0 }));
  return { id: 'r1', flow: 'workplace-join', status: 'queued', owner: 'upn:a@b.c', createdAt: '', updatedAt: '', subject: {}, steps };
}

function step(name: StepName, run: Step<FlowContext>['run'], restore?: Step<FlowContext>['restore']): Step<FlowContext> {
  return { name, run: jest.fn(run), restore: restore && jest.fn(restore) };
}

interface FakeJob {
  attemptsMade: number;
  opts: { attempts: number };
  progress: unknown[];
  logs: string[];
  updateProgress(progress: unknown): Promise<void>;
  log(line: string): Promise<number>;
}

/** A job that keeps what the runner reports to Bull Board: its progress updates and its log lines. */
function fakeJob(attemptsMade: number, attempts = 3): FakeJob {
  const job: FakeJob = {
    attemptsMade,
    opts: { attempts },
    progress: [],
    logs: [],
    updateProgress: async (progress) => void job.progress.push(progress),
    log: async (line) => job.logs.push(line),
  };
  return job;
}
const job = (attemptsMade: number, attempts = 3) => fakeJob(attemptsMade, attempts) as unknown as Job;
const context: FlowContext = { requestId: 'r1', deviceObjectId: 'd1', computer: 'PC01', eventData: {} };
const events = FLOW_EVENTS['workplace-join'];

describe(FlowRunner.name, () => {
  let requests: FakeRequests;
  let emitted: EventDefinition[];
  let logged: Array<{ level: string; message: string; meta: Record<string, unknown> }>;
  let sut: FlowRunner;

  function flow(steps: Array<Step<FlowContext>>): FlowDefinition<FlowContext> {
    return { name: 'workplace-join', steps };
  }

  beforeEach(() => {
    requests = new FakeRequests(request());
    emitted = [];
    const write = async (event: DiagnosticEvent) => emitted.push(definitionOf(event.symbol)!);
    const recorder = { write, queue: (_: RedisBatch, event: DiagnosticEvent) => write(event) } as unknown as EventRecorder;
    const config = { worker: {} } as AppConfig;
    logged = [];
    const logger = {
      log: (level: string, message: string, meta: Record<string, unknown>) => void logged.push({ level, message, meta }),
      warn: (message: string, meta: Record<string, unknown>) => void logged.push({ level: 'warn', message, meta }),
      error: (message: string, meta: Record<string, unknown>) => void logged.push({ level: 'error', message, meta }),
    } as never;
    const metrics = {
      observeStep: async () => undefined,
      queueObserveStep: async () => undefined,
      countOutcome: async () => undefined,
    } as unknown as StepMetricsRepository;
    const batches = { begin: () => ({ exec: async () => undefined }) } as unknown as RedisBatches;
    sut = new FlowRunner(requests as unknown as RequestRepository, recorder, metrics, batches, config, logger);
  });

  it('runs the steps in order and completes the request once', async () => {
    const order: string[] = [];
    const steps = (['authenticate', 'issue-certificate', 'register-device'] as const).map((name) => step(name, async () => void order.push(name)));
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

  it('hands an unknown error back to the queue on its first attempt, as INTERNAL_ERROR', async () => {
    const steps = [step('authenticate', async () => Promise.reject(new TypeError('boom')))];
    await expect(sut.run(job(0), flow(steps), context)).rejects.toMatchObject({ code: 'INTERNAL_ERROR', permanent: false });
  });

  describe('what an error means for the request', () => {
    const failing = (error: unknown) => [step('authenticate', async () => Promise.reject(error))];
    const errorLogs = () => logged.filter((record) => record.level === 'error');

    it('retries an unknown error once, quietly', async () => {
      await expect(sut.run(job(0, 5), flow(failing(new TypeError('boom'))), context)).rejects.not.toBeInstanceOf(UnrecoverableError);
      expect(requests.finished).toEqual([]);
      expect(emitted).toContain(events.steps.authenticate!.retrying);
      expect(errorLogs()).toEqual([]);
    });

    it('fails the request as INTERNAL_ERROR when the retry of an unknown error fails too, logging its stack once', async () => {
      const bug = new TypeError('boom');

      await expect(sut.run(job(1, 5), flow(failing(bug)), context)).rejects.toBeInstanceOf(UnrecoverableError);

      expect(requests.finished).toEqual([{ status: 'failed', error: { code: 'INTERNAL_ERROR', message: 'boom' } }]);
      expect(emitted).toContain(events.steps.authenticate!.failed);
      expect(errorLogs()).toEqual([
        {
          level: 'error',
          message: 'unexpected error',
          meta: expect.objectContaining({ requestId: 'r1', step: 'authenticate', code: 'INTERNAL_ERROR', stack: bug.stack }),
        },
      ]);
    });

    it.each([
      ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
      ['a transient EnrollmentError', EnrollmentError.transient(ErrorCode.IdentityProviderUnreachable, 'AD FS down')],
    ])('retries %s while attempts remain, past the one retry of an unknown error', async (_, error) => {
      await expect(sut.run(job(3, 5), flow(failing(error)), context)).rejects.not.toBeInstanceOf(UnrecoverableError);
      expect(requests.finished).toEqual([]);
      expect(emitted).toContain(events.steps.authenticate!.retrying);
      expect(errorLogs()).toEqual([]);
    });

    it.each([
      ['a permanent EnrollmentError', EnrollmentError.permanent(ErrorCode.CsrMalformed, 'bad CSR'), 'CSR_MALFORMED'],
      ['a validation error', z.object({ upn: z.string() }).safeParse({}).error, 'VALIDATION_FAILED'],
    ])('fails the request at once on %s, without a retry', async (_, error, code) => {
      await expect(sut.run(job(0, 5), flow(failing(error)), context)).rejects.toBeInstanceOf(UnrecoverableError);
      expect(requests.finished).toEqual([{ status: 'failed', error: { code, message: expect.any(String) } }]);
      expect(errorLogs()).toEqual([]);
    });
  });

  it('resumes after the last finished step: restores it instead of running it again', async () => {
    requests.record.status = 'running';
    requests.record.steps[0].status = 'succeeded';
    requests.record.steps[1].status = 'succeeded';
    const issued = step(
      'issue-certificate',
      async () => undefined,
      async () => undefined,
    );
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

  describe('what Bull Board shows of the job', () => {
    const three = () => (['authenticate', 'issue-certificate', 'register-device'] as const).map((name) => step(name, async () => undefined));

    it('reports each step as it starts, step k of n by name, and the last one as it succeeds', async () => {
      const tracked = fakeJob(0);

      await sut.run(tracked as unknown as Job, flow(three()), context);

      // A step's start says the one before it succeeded: one progress write per step, and one at the end.
      expect(tracked.progress).toEqual([
        { step: 'authenticate', index: 1, of: 3, status: 'running', attempt: 1, progress: 0 },
        { step: 'issue-certificate', index: 2, of: 3, status: 'running', attempt: 1, progress: 33 },
        { step: 'register-device', index: 3, of: 3, status: 'running', attempt: 1, progress: 67 },
        { step: 'register-device', index: 3, of: 3, status: 'succeeded', attempt: 1, progress: 100 },
      ]);
    });

    it('writes one log line per event: time, level, step and the message', async () => {
      const tracked = fakeJob(0);

      await sut.run(tracked as unknown as Job, flow(three()), context);

      expect(tracked.logs).toHaveLength(emitted.length);
      expect(tracked.logs[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z Information authenticate: Verifying the identity of /);
      expect(tracked.logs.at(-1)).toMatch(/Z Information workplace-join: Workplace Join of - on PC01 completed\./);
    });

    it('names the failed step and its error code, in the progress and in the log', async () => {
      const tracked = fakeJob(0);
      const steps = [
        step('authenticate', async () => undefined),
        step('issue-certificate', async () => {
          throw EnrollmentError.permanent(ErrorCode.CsrMalformed, 'bad CSR');
        }),
        step('register-device', async () => undefined),
      ];

      await expect(sut.run(tracked as unknown as Job, flow(steps), context)).rejects.toBeInstanceOf(UnrecoverableError);

      expect(tracked.progress.at(-1)).toEqual({
        step: 'issue-certificate',
        index: 2,
        of: 3,
        status: 'failed',
        attempt: 1,
        progress: 33,
        code: 'CSR_MALFORMED',
      });
      expect(tracked.logs).toHaveLength(emitted.length);
      expect(tracked.logs.at(-1)).toMatch(/Z Error issue-certificate: .*Failed step: issue-certificate\. Error code: CSR_MALFORMED\./);
    });

    it('says a transient failure will be retried', async () => {
      const tracked = fakeJob(0);
      const transient = EnrollmentError.transient(ErrorCode.IdentityProviderUnreachable, 'AD FS down');

      await expect(sut.run(tracked as unknown as Job, flow([step('authenticate', async () => Promise.reject(transient))]), context)).rejects.toBe(transient);

      expect(tracked.progress.at(-1)).toMatchObject({ step: 'authenticate', status: 'retrying', code: 'IDENTITY_PROVIDER_UNREACHABLE' });
      expect(tracked.logs.at(-1)).toMatch(/Z Warning authenticate: .*Error code: IDENTITY_PROVIDER_UNREACHABLE\./);
    });

    it("adds no sequential round trip: progress and log writes start before the step's own writes have finished", async () => {
      const trace: string[] = [];
      const traced = <T>(name: string, work: () => Promise<T>) => {
        trace.push(`call ${name}`);
        return new Promise<T>((resolve) =>
          setImmediate(() => {
            void work().then((value) => {
              trace.push(`done ${name}`);
              resolve(value);
            });
          }),
        );
      };
      const tracked = fakeJob(0);
      const [updateProgress, log, startStep] = [tracked.updateProgress, tracked.log, requests.startStep.bind(requests)];
      tracked.updateProgress = (progress) => traced('progress', () => updateProgress(progress));
      tracked.log = (line) => traced('log', () => log(line));
      requests.startStep = (id, name) => traced('startStep', () => startStep(id, name));

      await sut.run(tracked as unknown as Job, flow([step('authenticate', async () => undefined)]), context);

      const first = (entry: string) => trace.indexOf(entry);
      expect(first('call progress')).toBeLessThan(first('done startStep'));
      expect(first('call log')).toBeLessThan(first('done startStep'));
    });
  });
});
