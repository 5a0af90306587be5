import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import type { UnenrollmentReason } from './managed-device.model';
import { RedisManagedDeviceRepository } from './redis-managed-device.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisManagedDeviceRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-mdm-managed-${randomBytes(4).toString('hex')}`);
  const sut = new RedisManagedDeviceRepository(redis, keys);

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const device = () => randomUUID();
  const later = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

  it('returns null for a device that never checked in', async () => {
    expect(await sut.get(device())).toBeNull();
  });

  describe('checkIn', () => {
    it('creates the record at the first message, counting the session it opened', async () => {
      const id = device();
      const mdmDeviceId = randomUUID();
      const at = new Date();

      await sut.checkIn(id, mdmDeviceId, at, true);

      expect(await sut.get(id)).toEqual({ deviceObjectId: id, mdmDeviceId, sessions: 1, lastCheckInAt: at.toISOString() });
    });

    it('counts only messages that open a session, and moves the check-in time on with each message', async () => {
      const id = device();
      const at = new Date();
      await sut.checkIn(id, 'DM-1', at, true);
      await sut.checkIn(id, 'DM-1', later(at, 1), false);
      await sut.checkIn(id, 'DM-1', later(at, 60), true);

      expect(await sut.get(id)).toMatchObject({ sessions: 2, lastCheckInAt: later(at, 60).toISOString() });
    });

    it('keeps the latest check-in time when an earlier message is recorded after it', async () => {
      const id = device();
      const at = new Date();
      await sut.checkIn(id, 'DM-1', later(at, 30), false);

      await sut.checkIn(id, 'DM-1', at, false);

      expect((await sut.get(id))?.lastCheckInAt).toBe(later(at, 30).toISOString());
    });

    it('counts each of 10 sessions opened at once, and keeps the latest of their times', async () => {
      const id = device();
      const at = new Date();

      await Promise.all(Array.from({ length: 10 }, (_, i) => sut.checkIn(id, 'DM-1', later(at, (i * 7) % 10), true)));

      expect(await sut.get(id)).toMatchObject({ sessions: 10, lastCheckInAt: later(at, 9).toISOString() });
    });
  });

  describe('recordInventory', () => {
    it('merges inventory: later values replace earlier ones, fields not sent again stay', async () => {
      const id = device();
      const first = new Date();
      await sut.checkIn(id, 'DM-1', first, true);
      await sut.recordInventory(id, { osVersion: '10.0.19045.2965', model: 'Surface Pro 7', manufacturer: 'Microsoft Corporation' }, first);

      await sut.recordInventory(id, { osVersion: '10.0.22631.2861', serialNumber: '0123-4567', model: '' }, later(first, 60));

      expect(await sut.get(id)).toMatchObject({
        inventory: { osVersion: '10.0.22631.2861', model: 'Surface Pro 7', manufacturer: 'Microsoft Corporation', serialNumber: '0123-4567' },
        inventoryAt: later(first, 60).toISOString(),
      });
    });

    it('notes an inventory read that gave no field, so that it is not asked at every session', async () => {
      const id = device();
      const at = new Date();
      await sut.checkIn(id, 'DM-1', at, true);

      await sut.recordInventory(id, {}, at);

      expect(await sut.get(id)).toMatchObject({ inventory: {}, inventoryAt: at.toISOString() });
    });

    it('shows inventory recorded before the first check-in once the device checks in', async () => {
      const id = device();
      const at = new Date();
      await sut.recordInventory(id, { model: 'HP EliteBook' }, at);
      expect(await sut.get(id)).toBeNull();

      await sut.checkIn(id, 'DM-1', at, true);

      expect((await sut.get(id))?.inventory).toEqual({ model: 'HP EliteBook' });
    });
  });

  describe('unenrollment', () => {
    it('keeps the time of the first request', async () => {
      const id = device();
      const at = new Date();
      await sut.checkIn(id, 'DM-1', at, true);

      await sut.requestUnenrollment(id, at);
      await sut.requestUnenrollment(id, later(at, 60));

      expect((await sut.get(id))?.unenrollRequestedAt).toBe(at.toISOString());
    });

    it('marks a device unenrolled once: the second call returns false and keeps the first reason and time', async () => {
      const id = device();
      const at = new Date();
      await sut.checkIn(id, 'DM-1', at, true);
      await sut.requestUnenrollment(id, at);

      expect(await sut.markUnenrolled(id, 'admin', later(at, 5))).toBe(true);
      expect(await sut.markUnenrolled(id, 'device', later(at, 10))).toBe(false);

      expect(await sut.get(id)).toMatchObject({ unenrollRequestedAt: at.toISOString(), unenrolledAt: later(at, 5).toISOString(), unenrollReason: 'admin' });
    });

    it('marks one of 10 racing unenrollments, with the reason of the one that returned true', async () => {
      const id = device();
      const at = new Date();
      await sut.checkIn(id, 'DM-1', at, true);
      const reasons = Array.from({ length: 10 }, (_, i): UnenrollmentReason => (i % 2 === 0 ? 'device' : 'forced'));

      const marked = await Promise.all(reasons.map((reason, i) => sut.markUnenrolled(id, reason, later(at, i))));

      expect(marked.filter(Boolean)).toHaveLength(1);
      expect(await sut.get(id)).toMatchObject({ unenrollReason: reasons[marked.indexOf(true)], unenrolledAt: later(at, marked.indexOf(true)).toISOString() });
    });

    it('does not note a request for a device already unenrolled', async () => {
      const id = device();
      const at = new Date();
      await sut.checkIn(id, 'DM-1', at, true);
      await sut.markUnenrolled(id, 'device', at);

      await sut.requestUnenrollment(id, later(at, 1));

      expect((await sut.get(id))?.unenrollRequestedAt).toBeUndefined();
    });
  });

  describe('client nonce', () => {
    it('is null until set, then the sealed text as given, never part of the record', async () => {
      const id = device();
      await sut.checkIn(id, 'DM-1', new Date(), true);
      expect(await sut.clientNonce(id)).toBeNull();

      await sut.setClientNonce(id, 'v1.sealed:AAECAw==');
      await sut.setClientNonce(id, 'v1.sealed:BAUGBw==');

      expect(await sut.clientNonce(id)).toBe('v1.sealed:BAUGBw==');
      expect(JSON.stringify(await sut.get(id))).not.toContain('sealed');
    });
  });
});
