import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { FLOW_EVENTS } from './event-catalogue';
import { createEvent } from './event-factory';
import { RedisKeys } from '../redis/redis-keys';
import { closedPort, recordingLogger } from '../testing/spec-helpers';
import { RedisEventRepository } from './event.repository';

describe(`${RedisEventRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-events-${randomBytes(4).toString('hex')}`);
  const retention = { perRequest: 200, perDevice: 5, global: 1000 };
  const sut = new RedisEventRepository(redis, keys, retention, recordingLogger().logger);
  const flow = FLOW_EVENTS['workplace-join'];

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const append = (activityId: string, deviceObjectId: string | undefined, step = 'authenticate') =>
    sut.append(createEvent(flow.steps.authenticate!.started, { activityId, computer: 'PC01', deviceObjectId, data: { Step: step } }));

  it('keeps an event once, in its request; the device lists the request', async () => {
    const device = randomUUID();
    const request = randomUUID();
    await append(request, device);
    await append(request, device);

    expect(await redis.llen(keys.requestEvents(request))).toBe(2);
    expect(await redis.lrange(keys.deviceEvents(device), 0, -1)).toEqual([request]);
    expect(await redis.ttl(keys.deviceEvents(device))).toBeGreaterThan(29 * 24 * 3600);
  });

  it("gives a device's timeline from all its requests in record order, without another device's events", async () => {
    const device = randomUUID();
    const [join, other, leave] = [randomUUID(), randomUUID(), randomUUID()];
    const a = await append(join, device, 'join-1');
    await append(other, randomUUID(), 'elsewhere');
    const b = await append(leave, device, 'leave-1');
    const c = await append(join, device, 'join-2');
    // Events of the request from before it knew its device belong to the request only.
    await append(leave, undefined, 'no device yet');

    const timeline = await sut.byDevice(device);

    expect(timeline.map((event) => event.eventRecordId)).toEqual([a, b, c].map((event) => event.eventRecordId));
    expect(timeline.map((event) => event.data.Step)).toEqual(['join-1', 'leave-1', 'join-2']);
    expect(timeline[0]).toStrictEqual(a);
  });

  it('keeps the newest perDevice events of a device', async () => {
    const device = randomUUID();
    for (let i = 0; i < 8; i++) await append(randomUUID(), device, `step-${i}`);

    const timeline = await sut.byDevice(device);

    expect(timeline.map((event) => event.data.Step)).toEqual(['step-3', 'step-4', 'step-5', 'step-6', 'step-7']);
    expect(await redis.llen(keys.deviceEvents(device))).toBe(5);
  });

  it('still reads a device list that holds copies of whole events, as lists did before', async () => {
    const device = randomUUID();
    const whole = { eventRecordId: 1, ...createEvent(flow.started, { activityId: randomUUID(), computer: 'PC01', deviceObjectId: device, data: {} }) };
    await redis.rpush(keys.deviceEvents(device), JSON.stringify(whole));
    const later = await append(randomUUID(), device);

    expect(await sut.byDevice(device)).toStrictEqual([whole, later]);
  });

  it('files the event in its request only: the log refers to it by request and record id', async () => {
    const request = randomUUID();
    const from = await sut.lastPosition();
    const appended = await append(request, randomUUID());

    const [[, fields]] = await redis.xrange(keys.eventStream, `(${from}`, '+');
    const [filed] = await redis.lrange(keys.requestEvents(request), 0, -1);

    expect(fields).toEqual(['r', request, 'n', String(appended.eventRecordId)]);
    expect(filed).toMatch(new RegExp(`^\\[${appended.eventRecordId},`));
    expect(filed).not.toContain(request);
    expect(await sut.byRequest(request)).toStrictEqual([appended]);
    expect((await sut.between(from, '+', 10)).map((entry) => entry.event)).toStrictEqual([appended]);
  });

  it('still reads a log and a request list that hold whole events, as they did before events were kept once', async () => {
    const request = randomUUID();
    const from = await sut.lastPosition();
    const whole = { eventRecordId: 1, ...createEvent(flow.started, { activityId: request, computer: 'PC01', data: {} }) };
    await redis.xadd(keys.eventStream, '*', 'e', JSON.stringify(whole));
    await redis.rpush(keys.requestEvents(request), JSON.stringify(whole));
    const later = await append(request, undefined);

    expect(await sut.byRequest(request)).toStrictEqual([whole, later]);
    expect((await sut.between(from, '+', 10)).map((entry) => entry.event)).toStrictEqual([whole, later]);
    expect(await sut.recent(2)).toStrictEqual([whole, later]);
  });

  it('leaves out of the log, rather than failing on, an event its request no longer keeps', async () => {
    const short = new RedisEventRepository(redis, keys, { ...retention, perRequest: 2 }, recordingLogger().logger);
    const request = randomUUID();
    const from = await short.lastPosition();
    const events = [];
    for (let i = 0; i < 3; i++) {
      events.push(await short.append(createEvent(flow.steps.authenticate!.started, { activityId: request, computer: 'PC01', data: { Step: `s-${i}` } })));
    }
    const gone = randomUUID();
    await append(gone, undefined);
    await redis.del(keys.requestEvents(gone));

    const logged = await short.between(from, '+', 10);

    expect(logged.map((entry) => entry.event)).toStrictEqual(events.slice(1));
    expect(await short.recent(4)).toStrictEqual(events.slice(1));
  });

  it('passes over events that are gone: a page is short of count only at the end of the range, and the tail waits on', async () => {
    const from = await sut.lastPosition();
    const gone = randomUUID();
    for (let i = 0; i < 3; i++) await append(gone, undefined, `gone-${i}`);
    await redis.del(keys.requestEvents(gone));
    const kept = [await append(randomUUID(), undefined, 'kept-1'), await append(randomUUID(), undefined, 'kept-2')];
    const through = await sut.lastPosition();

    expect((await sut.between(from, through, 2)).map((entry) => entry.event)).toStrictEqual(kept);

    const tail = sut.tail();
    try {
      // Two reads of two entries: the first finds only events that are gone, the second gone-2 and kept-1.
      expect((await tail.after(from, 2, 1000)).map((entry) => entry.event)).toStrictEqual([kept[0]]);
      await append(gone, undefined, 'gone-again');
      await redis.del(keys.requestEvents(gone));
      expect(await tail.after(through, 10, 200)).toEqual([]);
    } finally {
      tail.close();
    }
  });

  it("gives '0-0' as the last position of an empty log", async () => {
    const empty = new RedisEventRepository(redis, new RedisKeys(`unit-events-${randomBytes(4).toString('hex')}`), retention, recordingLogger().logger);

    expect(await empty.lastPosition()).toBe('0-0');
  });

  it('reads the log between two positions, the first left out and the last kept, at most count events', async () => {
    const positions: string[] = [];
    for (let i = 0; i < 5; i++) {
      await append(randomUUID(), undefined, `log-${i}`);
      positions.push(await sut.lastPosition());
    }

    const page = await sut.between(positions[0], positions[3], 2);
    const rest = await sut.between(positions[2], positions[3], 10);

    expect(page.map((entry) => entry.position)).toEqual(positions.slice(1, 3));
    expect(page.map((entry) => entry.event.data.Step)).toEqual(['log-1', 'log-2']);
    expect(rest.map((entry) => entry.event.data.Step)).toEqual(['log-3']);
  });

  it('has its tail wait for the next event on a connection of its own, named for CLIENT LIST', async () => {
    const tail = sut.tail();
    try {
      const from = await sut.lastPosition();
      const next = tail.after(from, 10, 5000);
      const appended = await append(randomUUID(), undefined, 'tailed');

      const [entry] = await next;

      expect(entry.event).toStrictEqual(appended);
      expect(entry.position).toBe(await sut.lastPosition());
      const named = ((await redis.client('LIST')) as string).split('\n').filter((line) => line.includes(` name=${keys.root}:event-feed `));
      expect(named).toHaveLength(1);
    } finally {
      tail.close();
    }
  });

  it("logs its tail's connection errors through the logger, not on the console", async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const unreachable = new Redis(`redis://127.0.0.1:${await closedPort()}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const { logger, records } = recordingLogger();
    const tail = new RedisEventRepository(unreachable, keys, retention, logger).tail();
    try {
      await expect(tail.after('0-0', 1, 100)).rejects.toThrow();

      expect(records).toContainEqual(
        expect.objectContaining({ level: 'warn', meta: expect.objectContaining({ redisClient: `${keys.root}:event-feed`, code: 'ECONNREFUSED' }) }),
      );
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      tail.close();
      consoleError.mockRestore();
    }
  });
});
