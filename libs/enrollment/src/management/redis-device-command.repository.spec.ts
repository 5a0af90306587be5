import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import type { DeviceCommand } from './device-command.model';
import { RedisDeviceCommandRepository } from './redis-device-command.repository';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisDeviceCommandRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-mdm-commands-${randomBytes(4).toString('hex')}`);
  const sut = new RedisDeviceCommandRepository(redis, keys);

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const device = () => randomUUID();

  const command = (deviceObjectId: string, fields: Partial<DeviceCommand> = {}): DeviceCommand => ({
    id: randomUUID(),
    deviceObjectId,
    verb: 'Get',
    target: './DevDetail/SwV',
    origin: 'admin',
    status: 'pending',
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + HOUR).toISOString(),
    deliveries: 0,
    ...fields,
  });

  /** Queues commands one after the other, so that their order is known. */
  async function queue(deviceObjectId: string, count: number, fields: Partial<DeviceCommand> = {}): Promise<DeviceCommand[]> {
    const added: DeviceCommand[] = [];
    for (let i = 0; i < count; i++) added.push(await sut.add(command(deviceObjectId, { target: `./Vendor/MSFT/Policy/Config/N${i}`, ...fields })));
    return added;
  }

  describe('add', () => {
    it('queues a command, found by get and list as it was given', async () => {
      const id = device();
      const queued = command(id, { verb: 'Replace', data: '<a href="x/y">é</a>', format: 'chr', type: 'text/plain' });

      expect(await sut.add(queued)).toEqual(queued);

      expect(await sut.get(id, queued.id)).toEqual(queued);
      expect(await sut.list(id)).toEqual([queued]);
    });

    it('keeps the first command queued under an id, and returns it to a second add of that id', async () => {
      const id = device();
      const first = command(id);
      await sut.add(first);

      const again = await sut.add({ ...first, target: './Device/Vendor/MSFT/Reboot/RebootNow', verb: 'Exec' });

      expect(again).toEqual(first);
      expect(await sut.list(id)).toEqual([first]);
    });

    it('keeps its device apart: another device lists none of it', async () => {
      await sut.add(command(device()));

      expect(await sut.list(device())).toEqual([]);
      expect(await sut.get(device(), randomUUID())).toBeNull();
    });

    it('refuses a command whose expiry is not a time, instead of storing one that never expires', async () => {
      await expect(sut.add(command(device(), { expiresAt: 'tomorrow' }))).rejects.toThrow(/expiresAt/);
    });
  });

  describe('order', () => {
    it('lists and delivers commands in the order they were queued, a repeated add not moving one', async () => {
      const id = device();
      const queued = await queue(id, 5);
      await sut.add({ ...queued[1], target: 'moved?' });

      expect((await sut.list(id)).map((c) => c.id)).toEqual(queued.map((c) => c.id));
      expect((await sut.due(id, new Date(), 10)).due.map((c) => c.id)).toEqual(queued.map((c) => c.id));
    });

    it('places a command queued after older ones were answered after every command still kept', async () => {
      const id = device();
      const [a, b] = await queue(id, 2);
      await sut.complete(id, { commandId: b.id, statusCode: '200' }, new Date());
      const c = await sut.add(command(id));

      expect((await sut.list(id)).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
      expect((await sut.due(id, new Date(), 10)).due.map((x) => x.id)).toEqual([a.id, c.id]);
    });

    it('gives 20 commands queued at once 20 distinct places', async () => {
      const id = device();
      const queued = Array.from({ length: 20 }, () => command(id));

      await Promise.all(queued.map((c) => sut.add(c)));

      const listed = (await sut.list(id)).map((c) => c.id);
      expect(listed).toHaveLength(20);
      expect([...listed].sort()).toEqual(queued.map((c) => c.id).sort());
      expect(await redis.zcard(keys.openDeviceCommands(id))).toBe(20);
    });
  });

  describe('due', () => {
    it('returns at most `limit` commands, pending or sent, oldest first', async () => {
      const id = device();
      const queued = await queue(id, 4);
      await sut.markSent(id, [queued[0].id], new Date());

      const { due, expired } = await sut.due(id, new Date(), 2);

      expect(due.map((c) => [c.id, c.status])).toEqual([
        [queued[0].id, 'sent'],
        [queued[1].id, 'pending'],
      ]);
      expect(expired).toEqual([]);
    });

    it('does not return answered commands', async () => {
      const id = device();
      const [a, b] = await queue(id, 2);
      await sut.complete(id, { commandId: a.id, statusCode: '500' }, new Date());

      expect((await sut.due(id, new Date(), 10)).due.map((c) => c.id)).toEqual([b.id]);
    });

    it('expires commands past their time to live, returned apart, and delivers the others', async () => {
      const id = device();
      const now = new Date();
      const stale = await sut.add(command(id, { expiresAt: new Date(now.getTime() - 1).toISOString() }));
      const onTheDot = await sut.add(command(id, { expiresAt: now.toISOString() }));
      const fresh = await sut.add(command(id));

      const { due, expired } = await sut.due(id, now, 10);

      expect(due.map((c) => c.id)).toEqual([fresh.id]);
      expect(expired).toEqual([
        { ...stale, status: 'expired', completedAt: now.toISOString() },
        { ...onTheDot, status: 'expired', completedAt: now.toISOString() },
      ]);
      expect((await sut.get(id, stale.id))?.status).toBe('expired');
    });

    it('expires a command once: the next call does not report it again', async () => {
      const id = device();
      const now = new Date();
      await sut.add(command(id, { expiresAt: new Date(now.getTime() - HOUR).toISOString() }));
      await sut.due(id, now, 10);

      expect(await sut.due(id, new Date(now.getTime() + 1000), 10)).toEqual({ due: [], expired: [] });
    });

    it('expires each command once when two sessions of the device ask at the same time', async () => {
      const id = device();
      const now = new Date();
      const stale = await queue(id, 5, { expiresAt: new Date(now.getTime() - HOUR).toISOString() });

      const [one, two] = await Promise.all([sut.due(id, now, 10), sut.due(id, now, 10)]);

      const reported = [...one.expired, ...two.expired].map((c) => c.id);
      expect(reported.sort()).toEqual(stale.map((c) => c.id).sort());
      expect([one.expired.length, two.expired.length].sort()).toEqual([0, 5]);
    });

    it('expires commands beyond `limit` too, not only those it would have delivered', async () => {
      const id = device();
      const now = new Date();
      await queue(id, 2);
      const stale = await sut.add(command(id, { expiresAt: new Date(now.getTime() - 1).toISOString() }));

      const { due, expired } = await sut.due(id, now, 1);

      expect(due).toHaveLength(1);
      expect(expired.map((c) => c.id)).toEqual([stale.id]);
    });

    it('walks only unfinished commands: answered and expired ones leave the set it reads', async () => {
      const id = device();
      const now = new Date();
      const queued = await queue(id, 30);
      await Promise.all(queued.slice(0, 25).map((c) => sut.complete(id, { commandId: c.id, statusCode: '200' }, now)));
      await sut.add(command(id, { expiresAt: new Date(now.getTime() - 1).toISOString() }));
      await sut.due(id, now, 10);

      expect(await redis.zrange(keys.openDeviceCommands(id), 0, -1)).toEqual(queued.slice(25).map((c) => c.id));
      expect(await sut.list(id)).toHaveLength(31);
    });
  });

  describe('markSent', () => {
    it('marks commands sent, counting each delivery and keeping the latest time', async () => {
      const id = device();
      const [a, b] = await queue(id, 2);
      const first = new Date();
      const second = new Date(first.getTime() + 60_000);

      await sut.markSent(id, [a.id, b.id], first);
      await sut.markSent(id, [a.id], second);

      expect(await sut.get(id, a.id)).toEqual({ ...a, status: 'sent', deliveries: 2, sentAt: second.toISOString() });
      expect(await sut.get(id, b.id)).toEqual({ ...b, status: 'sent', deliveries: 1, sentAt: first.toISOString() });
    });

    it('leaves a command answered before it was marked as it is, and ignores unknown ids', async () => {
      const id = device();
      const [a] = await queue(id, 1);
      await sut.complete(id, { commandId: a.id, statusCode: '200' }, new Date());
      const answered = await sut.get(id, a.id);

      await sut.markSent(id, [a.id, randomUUID()], new Date());

      expect(await sut.get(id, a.id)).toEqual(answered);
      expect(await sut.list(id)).toHaveLength(1);
    });
  });

  describe('complete', () => {
    it('records a 2xx as succeeded with its results, and anything else as failed', async () => {
      const id = device();
      const [get, exec] = await queue(id, 2);
      const at = new Date();
      const results = [{ source: './DevDetail/SwV', format: 'chr', data: '10.0.22631.2861' }];

      expect(await sut.complete(id, { commandId: get.id, statusCode: '200', results }, at)).toBe(true);
      expect(await sut.complete(id, { commandId: exec.id, statusCode: '405' }, at)).toBe(true);

      expect(await sut.get(id, get.id)).toEqual({ ...get, status: 'succeeded', statusCode: '200', results, completedAt: at.toISOString() });
      expect(await sut.get(id, exec.id)).toEqual({ ...exec, status: 'failed', statusCode: '405', completedAt: at.toISOString() });
    });

    it('keeps results carrying escaped XML and non-ASCII text exactly as the device sent them', async () => {
      const id = device();
      const [a] = await queue(id, 1);
      const results = [{ source: './Vendor/MSFT/Policy', format: 'xml', type: 'text/plain', data: '<Policy a="1/2">Größe \\ "q"</Policy>\n' }];

      await sut.complete(id, { commandId: a.id, statusCode: '200', results }, new Date());

      expect((await sut.get(id, a.id))?.results).toEqual(results);
    });

    it('stores no results when the device sent an empty list', async () => {
      const id = device();
      const [a] = await queue(id, 1);

      await sut.complete(id, { commandId: a.id, statusCode: '200', results: [] }, new Date());

      expect((await sut.get(id, a.id))?.results).toBeUndefined();
    });

    it('keeps the first outcome: a second answer (a redelivery answered twice) returns false and changes nothing', async () => {
      const id = device();
      const [a] = await queue(id, 1);
      const at = new Date();
      await sut.complete(id, { commandId: a.id, statusCode: '200' }, at);

      expect(await sut.complete(id, { commandId: a.id, statusCode: '500' }, new Date(at.getTime() + 1000))).toBe(false);
      expect(await sut.get(id, a.id)).toEqual({ ...a, status: 'succeeded', statusCode: '200', completedAt: at.toISOString() });
    });

    it('records exactly one of 20 answers racing for one command, the one that returned true', async () => {
      const id = device();
      const [a] = await queue(id, 1);
      const codes = Array.from({ length: 20 }, (_, i) => String(200 + i * 20));

      const recorded = await Promise.all(codes.map((statusCode) => sut.complete(id, { commandId: a.id, statusCode }, new Date())));

      expect(recorded.filter(Boolean)).toHaveLength(1);
      expect((await sut.get(id, a.id))?.statusCode).toBe(codes[recorded.indexOf(true)]);
    });

    it('keeps a command expired when its answer comes late, and returns false', async () => {
      const id = device();
      const now = new Date();
      const [a] = await queue(id, 1, { expiresAt: new Date(now.getTime() - 1).toISOString() });
      await sut.markSent(id, [a.id], new Date(now.getTime() - 2));
      await sut.due(id, now, 10);

      expect(await sut.complete(id, { commandId: a.id, statusCode: '200' }, new Date(now.getTime() + 1000))).toBe(false);
      expect(await sut.get(id, a.id)).toMatchObject({ status: 'expired', completedAt: now.toISOString() });
      expect((await sut.get(id, a.id))?.statusCode).toBeUndefined();
    });

    it('returns false for a command the device does not have', async () => {
      expect(await sut.complete(device(), { commandId: randomUUID(), statusCode: '200' }, new Date())).toBe(false);
    });
  });

  describe('retention', () => {
    it("gives a device's keys a time to live covering its commands' time to live and 30 days after", async () => {
      const id = device();
      const createdAt = new Date();
      await sut.add(command(id, { createdAt: createdAt.toISOString(), expiresAt: new Date(createdAt.getTime() + 7 * DAY).toISOString() }));

      const expected = 37 * DAY;
      for (const key of [keys.deviceCommands(id), keys.deviceCommandOrder(id), keys.openDeviceCommands(id)]) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(expected - 60_000);
        expect(ttl).toBeLessThanOrEqual(expected);
      }
    });

    it('never shortens that time to live when a command is answered, and gives the finished set the same', async () => {
      const id = device();
      const [a] = await queue(id, 1, { expiresAt: new Date(Date.now() + 7 * DAY).toISOString() });

      await sut.complete(id, { commandId: a.id, statusCode: '200' }, new Date());

      expect(await redis.pttl(keys.deviceCommands(id))).toBeGreaterThan(36 * DAY);
      expect(await redis.pttl(keys.finishedDeviceCommands(id))).toBeGreaterThan(36 * DAY);
    });

    it("forgets a command answered more than 30 days ago when the device's commands next change", async () => {
      const id = device();
      const now = Date.now();
      const [old, recent, open] = await queue(id, 3);
      await sut.complete(id, { commandId: old.id, statusCode: '200' }, new Date(now - 31 * DAY));
      await sut.complete(id, { commandId: recent.id, statusCode: '200' }, new Date(now - 29 * DAY));
      expect(await sut.list(id)).toHaveLength(3);

      await sut.complete(id, { commandId: open.id, statusCode: '200' }, new Date(now));

      expect((await sut.list(id)).map((c) => c.id)).toEqual([recent.id, open.id]);
      expect(await sut.get(id, old.id)).toBeNull();
    });

    it('keeps only the newest finished commands per device, never an open one', async () => {
      const small = new RedisDeviceCommandRepository(redis, keys, { finishedSeconds: 30 * 24 * 3600, finishedPerDevice: 3 });
      const id = device();
      const now = Date.now();
      const queued = await queue(id, 7);

      for (const [i, c] of queued.slice(0, 5).entries()) await small.complete(id, { commandId: c.id, statusCode: '200' }, new Date(now + i));

      expect((await small.list(id)).map((c) => c.id)).toEqual(queued.slice(2).map((c) => c.id));
      expect((await small.due(id, new Date(now), 10)).due.map((c) => c.id)).toEqual(queued.slice(5).map((c) => c.id));
    });
  });
});
