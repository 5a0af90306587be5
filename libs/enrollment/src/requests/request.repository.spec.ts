import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ErrorCode } from '../errors/error-code';
import { RedisKeys } from '../redis/redis-keys';
import { NewRequest, RedisRequestRepository } from './request.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisRequestRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const prefixes: RedisKeys[] = [];
  const freshKeys = () => {
    const keys = new RedisKeys(`unit-requests-${randomBytes(4).toString('hex')}`);
    prefixes.push(keys);
    return keys;
  };
  const keys = freshKeys();
  const sut = new RedisRequestRepository(redis, keys);
  // Another orchestrator: the same keys over a connection of its own.
  const elsewhereRedis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const elsewhere = new RedisRequestRepository(elsewhereRedis, keys);
  /** A repository under a prefix of its own, for a test that reads a whole list. */
  const repository = () => new RedisRequestRepository(redis, freshKeys());

  afterAll(async () => {
    for (const prefix of prefixes) {
      const found = await redis.keys(`${prefix.root}:*`);
      if (found.length > 0) await redis.del(...found);
    }
    await Promise.all([redis.quit(), elsewhereRedis.quit()]);
  });

  const joinRequest = (fields: Partial<NewRequest> = {}): NewRequest => ({
    id: randomUUID(),
    flow: 'workplace-join',
    owner: 'upn:alice@contoso.com',
    deviceObjectId: randomUUID(),
    subject: { upn: 'alice@contoso.com', deviceId: randomUUID() },
    ...fields,
  });
  const subject = () => `subject-${randomUUID()}`;
  const failure = { code: ErrorCode.Internal, message: 'went wrong' };

  describe('createUnlessInFlight', () => {
    it('records a queued request with its subject and every step of its flow pending', async () => {
      const request = joinRequest();
      const before = Date.now();

      expect(await sut.createUnlessInFlight(request, subject())).toEqual({ id: request.id, created: true });

      const recorded = await sut.get(request.id);
      expect(recorded).toEqual({
        id: request.id,
        flow: 'workplace-join',
        status: 'queued',
        owner: request.owner,
        createdAt: recorded!.createdAt,
        updatedAt: recorded!.createdAt,
        deviceObjectId: request.deviceObjectId,
        subject: request.subject,
        steps: ['authenticate', 'issue-certificate', 'register-device'].map((name) => ({ name, status: 'pending', attempts: 0 })),
      });
      expect(Date.parse(recorded!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('returns the request in flight for the subject, and records nothing for the second', async () => {
      const inFlight = subject();
      const first = joinRequest();
      const second = joinRequest();
      await sut.createUnlessInFlight(first, inFlight);

      expect(await sut.createUnlessInFlight(second, inFlight)).toEqual({ id: first.id, created: false });
      expect(await sut.get(second.id)).toBeNull();
    });

    it('gives 20 racing requests for one subject one request, all told its id', async () => {
      const inFlight = subject();
      const requests = Array.from({ length: 20 }, () => joinRequest());

      const results = await Promise.all(requests.map((request) => sut.createUnlessInFlight(request, inFlight)));

      expect(results.filter((result) => result.created)).toHaveLength(1);
      const winner = results.find((result) => result.created)!.id;
      expect(results.every((result) => result.id === winner)).toBe(true);
      const recorded = await Promise.all(requests.map((request) => sut.get(request.id)));
      expect(recorded.filter(Boolean).map((request) => request!.id)).toEqual([winner]);
    });

    it('keeps requests for different subjects apart', async () => {
      const requests = Array.from({ length: 5 }, () => joinRequest());

      const results = await Promise.all(requests.map((request) => sut.createUnlessInFlight(request, subject())));

      expect(results).toEqual(requests.map((request) => ({ id: request.id, created: true })));
    });

    it('records a new request once the one in flight has finished', async () => {
      const inFlight = subject();
      const first = joinRequest();
      await sut.createUnlessInFlight(first, inFlight);
      await sut.finish(first.id, { status: 'succeeded' }, inFlight);
      const next = joinRequest();

      expect(await sut.createUnlessInFlight(next, inFlight)).toEqual({ id: next.id, created: true });
    });

    it('records a new request when the one in flight ended without freeing its subject (a job whose data could not be read)', async () => {
      const inFlight = subject();
      const ended = joinRequest();
      await sut.createUnlessInFlight(ended, inFlight);
      await sut.finish(ended.id, { status: 'failed', error: failure });
      const next = joinRequest();

      expect(await sut.createUnlessInFlight(next, inFlight)).toEqual({ id: next.id, created: true });
      expect(await sut.createUnlessInFlight(joinRequest(), inFlight)).toEqual({ id: next.id, created: false });
    });
  });

  describe('discard', () => {
    it('removes the request and frees its subject', async () => {
      const inFlight = subject();
      const request = joinRequest();
      await sut.createUnlessInFlight(request, inFlight);

      await sut.discard(request.id, inFlight);

      expect(await sut.get(request.id)).toBeNull();
      expect(await sut.unconfirmed(new Date(Date.now() + 60_000), 1000)).not.toContain(request.id);
      const next = joinRequest();
      expect(await sut.createUnlessInFlight(next, inFlight)).toEqual({ id: next.id, created: true });
    });

    it('leaves the subject to the request that holds it now', async () => {
      const inFlight = subject();
      const [discarded, holder] = [joinRequest(), joinRequest()];
      await sut.createUnlessInFlight(discarded, inFlight);
      await sut.discard(discarded.id, inFlight);
      await sut.createUnlessInFlight(holder, inFlight);

      await sut.discard(discarded.id, inFlight);

      expect(await sut.createUnlessInFlight(joinRequest(), inFlight)).toEqual({ id: holder.id, created: false });
    });

    it('never frees the subject of a request another orchestrator creates while the discard runs', async () => {
      const subjects = Array.from({ length: 20 }, subject);
      const discarded = subjects.map(() => joinRequest());
      await Promise.all(subjects.map((inFlight, i) => sut.createUnlessInFlight(discarded[i], inFlight)));

      const racing = await Promise.all(
        subjects.map(
          async (inFlight, i) => (await Promise.all([sut.discard(discarded[i].id, inFlight), elsewhere.createUnlessInFlight(joinRequest(), inFlight)]))[1],
        ),
      );

      const after = await Promise.all(subjects.map((inFlight) => sut.createUnlessInFlight(joinRequest(), inFlight)));
      expect(after).toEqual(racing.map(({ id }) => ({ id, created: false })));
    });
  });

  describe('confirmQueued and unconfirmed', () => {
    it('lists requests never confirmed as queued, oldest first, recorded before the given time, at most limit', async () => {
      const own = repository();
      const requests = [joinRequest(), joinRequest(), joinRequest()];
      for (const request of requests) await own.createUnlessInFlight(request, subject());
      const later = new Date(Date.now() + 60_000);

      const listed = await own.unconfirmed(later, 10);
      expect([...listed].sort()).toEqual(requests.map((request) => request.id).sort());
      // Requests recorded within one millisecond may come in either order.
      const recordedAt = await Promise.all(listed.map(async (id) => Date.parse((await own.get(id))!.createdAt)));
      expect(recordedAt).toEqual([...recordedAt].sort((a, b) => a - b));
      expect(await own.unconfirmed(later, 2)).toEqual(listed.slice(0, 2));
      expect(await own.unconfirmed(new Date(Date.now() - 60_000), 10)).toEqual([]);

      await own.confirmQueued(listed[1]);
      await own.confirmQueued(listed[1]);
      expect(await own.unconfirmed(later, 10)).toEqual([listed[0], listed[2]]);
      expect((await own.get(listed[1]))?.status).toBe('queued');
    });
  });

  describe('abandonUnqueued', () => {
    const interrupted = { code: ErrorCode.IntakeInterrupted, message: 'never queued' };

    it('fails a queued request, takes it off the unconfirmed list and frees its subject', async () => {
      const own = repository();
      const inFlight = subject();
      const request = joinRequest();
      await own.createUnlessInFlight(request, inFlight);

      expect(await own.abandonUnqueued(request.id, interrupted)).toBe(true);

      const failed = await own.get(request.id);
      expect(failed).toMatchObject({ status: 'failed', error: interrupted });
      expect(failed!.finishedAt).toBeDefined();
      expect(await own.unconfirmed(new Date(Date.now() + 60_000), 10)).toEqual([]);
      const next = joinRequest();
      expect(await own.createUnlessInFlight(next, inFlight)).toEqual({ id: next.id, created: true });
    });

    it('answers false, once the request was abandoned, and leaves the first outcome', async () => {
      const request = joinRequest();
      await sut.createUnlessInFlight(request, subject());
      await sut.abandonUnqueued(request.id, interrupted);

      expect(await sut.abandonUnqueued(request.id, failure)).toBe(false);
      expect((await sut.get(request.id))?.error).toEqual(interrupted);
    });

    it('leaves a request whose job ran after all, but stops watching it', async () => {
      const own = repository();
      const inFlight = subject();
      const request = joinRequest();
      await own.createUnlessInFlight(request, inFlight);
      await own.startStep(request.id, 'authenticate');

      expect(await own.abandonUnqueued(request.id, interrupted)).toBe(false);

      expect((await own.get(request.id))?.status).toBe('running');
      expect(await own.unconfirmed(new Date(Date.now() + 60_000), 10)).toEqual([]);
      expect(await own.createUnlessInFlight(joinRequest(), inFlight)).toEqual({ id: request.id, created: false });
    });

    it('does not free the subject of a newer request', async () => {
      const inFlight = subject();
      const [old, holder] = [joinRequest(), joinRequest()];
      await sut.createUnlessInFlight(old, inFlight);
      await sut.finish(old.id, { status: 'failed', error: failure }, inFlight);
      await sut.createUnlessInFlight(holder, inFlight);

      expect(await sut.abandonUnqueued(old.id, interrupted)).toBe(false);
      expect(await sut.createUnlessInFlight(joinRequest(), inFlight)).toEqual({ id: holder.id, created: false });
    });

    it('answers false for an unknown request', async () => {
      expect(await sut.abandonUnqueued(randomUUID(), interrupted)).toBe(false);
    });
  });

  describe('steps', () => {
    it('starts a step: the step was pending, is now running with one attempt, and the request is running', async () => {
      const request = joinRequest();
      await sut.createUnlessInFlight(request, subject());

      expect(await sut.startStep(request.id, 'authenticate')).toEqual({ name: 'authenticate', status: 'pending', attempts: 0 });

      const running = await sut.get(request.id);
      expect(running?.status).toBe('running');
      expect(running?.steps[0]).toEqual({ name: 'authenticate', status: 'running', attempts: 1, startedAt: expect.any(String) });
      expect(running?.steps[1]).toEqual({ name: 'issue-certificate', status: 'pending', attempts: 0 });
    });

    it('does not run a succeeded step again: a retry is told it succeeded, and no attempt is counted', async () => {
      const request = joinRequest();
      await sut.createUnlessInFlight(request, subject());
      await sut.startStep(request.id, 'authenticate');
      await sut.finishStep(request.id, 'authenticate');

      const before = await sut.startStep(request.id, 'authenticate');

      expect(before).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect((await sut.get(request.id))?.steps[0]).toEqual(before);
    });

    it('retries a failed step: its error kept until the next attempt starts, then cleared', async () => {
      const request = joinRequest();
      await sut.createUnlessInFlight(request, subject());
      await sut.startStep(request.id, 'issue-certificate');
      await sut.finishStep(request.id, 'issue-certificate', { code: ErrorCode.StoreUnavailable, message: 'Redis is away' });

      const failed = await sut.startStep(request.id, 'issue-certificate');

      expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { code: ErrorCode.StoreUnavailable, message: 'Redis is away' } });
      const retried = (await sut.get(request.id))?.steps[1];
      expect(retried).toMatchObject({ status: 'running', attempts: 2 });
      expect(retried?.error).toBeUndefined();
    });

    it('throws for a step the flow does not have, or an unknown request', async () => {
      const request = joinRequest();
      await sut.createUnlessInFlight(request, subject());

      await expect(sut.startStep(request.id, 'enroll-mdm')).rejects.toThrow(/no step 'enroll-mdm'/);
      await expect(sut.startStep(randomUUID(), 'authenticate')).rejects.toThrow(/no step 'authenticate'/);
    });
  });

  describe('finish', () => {
    it('writes the outcome once: a second, different outcome is ignored', async () => {
      const inFlight = subject();
      const request = joinRequest();
      await sut.createUnlessInFlight(request, inFlight);

      expect(await sut.finish(request.id, { status: 'succeeded' }, inFlight)).toBe(true);
      expect(await sut.finish(request.id, { status: 'failed', error: failure }, inFlight)).toBe(false);

      const finished = await sut.get(request.id);
      expect(finished?.status).toBe('succeeded');
      expect(finished?.error).toBeUndefined();
      expect(finished?.finishedAt).toBeDefined();
    });

    it('lets one of 10 racing outcomes win, and keeps that one', async () => {
      const inFlight = subject();
      const request = joinRequest();
      await sut.createUnlessInFlight(request, inFlight);
      const outcomes = Array.from({ length: 10 }, (_, i) => ({ status: 'failed' as const, error: { code: ErrorCode.Internal, message: `outcome ${i}` } }));

      const won = await Promise.all(outcomes.map((outcome) => sut.finish(request.id, outcome, inFlight)));

      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await sut.get(request.id))?.error).toEqual(outcomes[won.indexOf(true)].error);
    });

    it('does not free a subject that another request holds', async () => {
      const inFlight = subject();
      const [other, holder] = [joinRequest(), joinRequest()];
      await sut.createUnlessInFlight(other, subject());
      await sut.createUnlessInFlight(holder, inFlight);

      expect(await sut.finish(other.id, { status: 'succeeded' }, inFlight)).toBe(true);

      expect(await sut.createUnlessInFlight(joinRequest(), inFlight)).toEqual({ id: holder.id, created: false });
    });

    it('finishes a request without a subject to free', async () => {
      const request = joinRequest();
      await sut.createUnlessInFlight(request, subject());

      expect(await sut.finish(request.id, { status: 'failed', error: failure })).toBe(true);
      expect(await sut.finish(request.id, { status: 'succeeded' })).toBe(false);
      expect((await sut.get(request.id))?.error).toEqual(failure);
    });

    it('answers false for an unknown request, and makes up no record', async () => {
      const id = randomUUID();

      expect(await sut.finish(id, { status: 'succeeded' }, subject())).toBe(false);
      expect(await sut.get(id)).toBeNull();
    });
  });

  describe('recordSubject and attachDevice', () => {
    it('adds what a step learnt to the subject, keeping what was there', async () => {
      const request = joinRequest({ flow: 'bulk-enrollment', subject: { serialNumber: 'SN1', packageId: 'p1' } });
      await sut.createUnlessInFlight(request, subject());

      await sut.recordSubject(request.id, { deviceName: 'K-00042' });
      await sut.recordSubject(request.id, { deviceName: 'K-00043', osBuild: '22631' });

      expect((await sut.get(request.id))?.subject).toEqual({ serialNumber: 'SN1', packageId: 'p1', deviceName: 'K-00043', osBuild: '22631' });
    });

    it('points the request at the device object it ended up with', async () => {
      const request = joinRequest();
      await sut.createUnlessInFlight(request, subject());
      const existing = randomUUID();

      await sut.attachDevice(request.id, existing);

      expect((await sut.get(request.id))?.deviceObjectId).toBe(existing);
    });
  });

  describe('a finished request, trimmed', () => {
    /** A bulk enrollment request, created and with its first `succeeded` steps done. */
    async function bulkRequest(succeeded: number): Promise<{ id: string; subject: string }> {
      const id = randomUUID();
      const held = `bulk:${randomUUID()}`;
      const subjectFields = { packageId: randomUUID(), serialNumber: 'PF3X9K2L', osVersion: '10.0.19045' };
      await sut.createUnlessInFlight({ id, flow: 'bulk-enrollment', owner: `bulk-token:${randomUUID()}`, subject: subjectFields }, held);
      for (const step of (['authenticate', 'resolve-name', 'issue-certificate', 'join-directory', 'enroll-mdm'] as const).slice(0, succeeded)) {
        await sut.startStep(id, step);
        await sut.finishStep(id, step);
      }
      return { id, subject: held };
    }

    it('reads a finished request as it read while running, from a listpack without its in-flight subject', async () => {
      const { id, subject: held } = await bulkRequest(5);
      const running = await sut.get(id);
      expect(await redis.object('ENCODING', keys.request(id))).toBe('hashtable');

      expect(await sut.finish(id, { status: 'succeeded' }, held)).toBe(true);

      const finished = await sut.get(id);
      expect(finished).toEqual({ ...running, status: 'succeeded', finishedAt: expect.any(String), updatedAt: finished!.finishedAt });
      expect(finished!.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
      expect(await redis.object('ENCODING', keys.request(id))).toBe('listpack');
      expect(await redis.hexists(keys.request(id), 'inFlightSubject')).toBe(0);
      expect(await redis.ttl(keys.request(id))).toBeGreaterThan(29 * 24 * 3600);
      expect(await redis.get(keys.inFlight(held))).toBeNull();
    });

    it('keeps a failed step, its error and the steps never started as they were', async () => {
      const { id, subject: held } = await bulkRequest(2);
      await sut.startStep(id, 'issue-certificate');
      const error = { code: ErrorCode.Internal, message: 'the CA is unavailable' };
      await sut.finishStep(id, 'issue-certificate', error);
      const running = await sut.get(id);

      await sut.finish(id, { status: 'failed', error }, held);

      expect(await sut.get(id)).toEqual({ ...running, status: 'failed', error, finishedAt: expect.any(String), updatedAt: expect.any(String) });
    });

    it("lets a late run of a finished request's job skip its succeeded steps", async () => {
      const { id, subject: held } = await bulkRequest(5);
      await sut.finish(id, { status: 'succeeded' }, held);
      const finished = await sut.get(id);

      const before = await sut.startStep(id, 'issue-certificate');
      await sut.finishStep(id, 'issue-certificate');

      expect(before).toEqual(finished!.steps[2]);
      expect(before.status).toBe('succeeded');
      expect(await sut.get(id)).toEqual(finished);
    });
  });
});
