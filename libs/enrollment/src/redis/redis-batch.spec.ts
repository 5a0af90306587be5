import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { FLOW_EVENTS } from '../diagnostics/event-catalogue';
import { createEvent } from '../diagnostics/event-factory';
import { ErrorCode } from '../errors/error-code';
import { RedisEventRepository } from '../diagnostics/event.repository';
import { RedisStepMetricsRepository } from '../metrics/step-metrics.repository';
import { RedisRequestRepository } from '../requests/request.repository';
import { recordingLogger } from '../testing/spec-helpers';
import { RedisBatches } from './redis-batch';
import { RedisKeys } from './redis-keys';

describe(`${RedisBatches.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-batch-${randomBytes(4).toString('hex')}`);
  const requests = new RedisRequestRepository(redis, keys);
  const events = new RedisEventRepository(redis, keys, { perRequest: 200, perDevice: 5, global: 1000 }, recordingLogger().logger);
  const metrics = new RedisStepMetricsRepository(redis, keys);
  const sut = new RedisBatches(redis);
  const flow = FLOW_EVENTS['workplace-join'];

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const newRequest = async () => {
    const id = randomUUID();
    await requests.createUnlessInFlight({ id, flow: 'workplace-join', owner: 'upn:a@b.c', subject: {} }, `subject-${id}`);
    return id;
  };
  const started = (activityId: string) => createEvent(flow.steps.authenticate!.started, { activityId, computer: 'PC01', data: {} });

  it("sends one step's finish and the next one's start together, each repository's result to its caller", async () => {
    const id = await newRequest();
    await requests.startStep(id, 'authenticate');
    const batch = sut.begin();

    const results = Promise.all([
      metrics.queueObserveStep(batch, 'workplace-join', 'authenticate', 'succeeded', 0.002),
      requests.queueFinishStep(batch, id, 'authenticate'),
      events.queueAppend(batch, started(id)),
      requests.queueStartStep(batch, id, 'issue-certificate'),
      events.queueAppend(batch, started(id)),
    ]);
    expect(await redis.llen(keys.requestEvents(id))).toBe(0); // nothing is sent before exec()
    await batch.exec();
    const [, , first, before, second] = await results;

    expect(second.eventRecordId).toBe(first.eventRecordId + 1);
    expect(before).toMatchObject({ name: 'issue-certificate', status: 'pending', attempts: 0 });
    const record = await requests.get(id);
    expect(record!.steps.map((step) => [step.name, step.status])).toEqual([
      ['authenticate', 'succeeded'],
      ['issue-certificate', 'running'],
      ['register-device', 'pending'],
    ]);
    expect((await events.byRequest(id)).map((event) => event.eventRecordId)).toEqual([first.eventRecordId, second.eventRecordId]);
    expect((await metrics.stepDurations()).find((series) => series.step === 'authenticate')?.count).toBe(1);
  });

  it('finishes a request with a batch once, as finish() does', async () => {
    const id = await newRequest();
    const batch = sut.begin();
    const first = requests.queueFinish(batch, id, { status: 'succeeded' }, `subject-${id}`);
    const second = requests.queueFinish(batch, id, { status: 'failed', error: { code: ErrorCode.Internal, message: 'late' } });
    await batch.exec();

    expect([await first, await second]).toEqual([true, false]);
    expect((await requests.get(id))!.status).toBe('succeeded');
  });

  it("rejects the caller's result, not the others', when its script fails", async () => {
    const id = await newRequest();
    const batch = sut.begin();
    const event = events.queueAppend(batch, started(id));
    const missing = requests.queueStartStep(batch, id, 'revoke-certificate');

    await batch.exec();

    await expect(missing).rejects.toThrow(`Request ${id} has no step 'revoke-certificate'`);
    expect((await event).eventRecordId).toBeGreaterThan(0);
  });

  it('sends nothing for an empty batch', async () => {
    await expect(sut.begin().exec()).resolves.toBeUndefined();
  });
});
