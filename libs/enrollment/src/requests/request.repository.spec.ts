import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ErrorCode } from '../errors/error-code';
import { RedisKeys } from '../redis/redis-keys';
import { RedisRequestRepository } from './request.repository';

describe(RedisRequestRepository.name, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-requests-${randomBytes(4).toString('hex')}`);
  const sut = new RedisRequestRepository(redis, keys);

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  /** A bulk enrollment request, created and with its first `succeeded` steps done. */
  async function bulkRequest(succeeded: number): Promise<{ id: string; subject: string }> {
    const id = randomUUID();
    const subject = `bulk:${randomUUID()}`;
    const subjectFields = { packageId: randomUUID(), serialNumber: 'PF3X9K2L', osVersion: '10.0.19045' };
    await sut.createUnlessInFlight({ id, flow: 'bulk-enrollment', owner: `bulk-token:${randomUUID()}`, subject: subjectFields }, subject);
    for (const step of (['authenticate', 'resolve-name', 'issue-certificate', 'join-directory', 'enroll-mdm'] as const).slice(0, succeeded)) {
      await sut.startStep(id, step);
      await sut.finishStep(id, step);
    }
    return { id, subject };
  }

  it('reads a finished request as it read while running, from a listpack without its in-flight subject', async () => {
    const { id, subject } = await bulkRequest(5);
    const running = await sut.get(id);
    expect(await redis.object('ENCODING', keys.request(id))).toBe('hashtable');

    expect(await sut.finish(id, { status: 'succeeded' }, subject)).toBe(true);

    const finished = await sut.get(id);
    expect(finished).toEqual({ ...running, status: 'succeeded', finishedAt: expect.any(String), updatedAt: finished!.finishedAt });
    expect(finished!.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(await redis.object('ENCODING', keys.request(id))).toBe('listpack');
    expect(await redis.hexists(keys.request(id), 'inFlightSubject')).toBe(0);
    expect(await redis.ttl(keys.request(id))).toBeGreaterThan(29 * 24 * 3600);
    expect(await redis.get(keys.inFlight(subject))).toBeNull();
  });

  it('keeps a failed step, its error and the steps never started as they were', async () => {
    const { id, subject } = await bulkRequest(2);
    await sut.startStep(id, 'issue-certificate');
    const error = { code: ErrorCode.Internal, message: 'the CA is unavailable' };
    await sut.finishStep(id, 'issue-certificate', error);
    const running = await sut.get(id);

    await sut.finish(id, { status: 'failed', error }, subject);

    expect(await sut.get(id)).toEqual({ ...running, status: 'failed', error, finishedAt: expect.any(String), updatedAt: expect.any(String) });
  });

  it("lets a late run of a finished request's job skip its succeeded steps", async () => {
    const { id, subject } = await bulkRequest(5);
    await sut.finish(id, { status: 'succeeded' }, subject);
    const finished = await sut.get(id);

    const before = await sut.startStep(id, 'issue-certificate');
    await sut.finishStep(id, 'issue-certificate');

    expect(before).toEqual(finished!.steps[2]);
    expect(before.status).toBe('succeeded');
    expect(await sut.get(id)).toEqual(finished);
  });

  it('finishes a request once: a second outcome changes nothing', async () => {
    const { id, subject } = await bulkRequest(5);
    await sut.finish(id, { status: 'succeeded' }, subject);
    const finished = await sut.get(id);

    expect(await sut.finish(id, { status: 'failed', error: { code: ErrorCode.Internal, message: 'late' } }, subject)).toBe(false);

    expect(await sut.get(id)).toEqual(finished);
  });

  it('returns null, not an error, for a request it does not know, and finishes nothing', async () => {
    const id = randomUUID();

    expect(await sut.finish(id, { status: 'succeeded' })).toBe(false);

    expect(await sut.get(id)).toBeNull();
    expect(await redis.exists(keys.request(id))).toBe(0);
  });
});
