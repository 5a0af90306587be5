import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { DEVICE_MANAGEMENT_QUEUE, DeviceManagementJob, deviceManagementJobId } from './device-management.queue';

// BullMQ decides which custom ids it takes, so each id is added to a real queue (REDIS_URL or 127.0.0.1:6379).
describe('deviceManagementJobId (real Redis)', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-dmq-${randomBytes(4).toString('hex')}`);
  const queue = new Queue(DEVICE_MANAGEMENT_QUEUE, { connection: redis, prefix: keys.bullPrefix });
  const deviceObjectId = randomUUID();

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
  });

  it.each([
    ['a session message', DeviceManagementJob.RecordSession, deviceManagementJobId.recordSession({ deviceObjectId, sessionId: 'A1:b/2', msgId: 3 })],
    ['an unenrollment', DeviceManagementJob.Unenroll, deviceManagementJobId.unenroll(deviceObjectId)],
    ['a renewed certificate', DeviceManagementJob.RevokeRenewedCertificate, deviceManagementJobId.revokeRenewed('4a0b')],
  ])('gives %s an id BullMQ takes, and the same job once', async (_, name, jobId) => {
    const first = await queue.add(name, { deviceObjectId }, { jobId, delay: 60_000 });
    const again = await queue.add(name, { deviceObjectId }, { jobId, delay: 60_000 });

    expect(first.id).toBe(jobId);
    expect(again.id).toBe(jobId);
    expect(await queue.getDelayedCount()).toBeGreaterThan(0);
  });

  it('keeps apart two session ids that differ only in a character', () => {
    const one = deviceManagementJobId.recordSession({ deviceObjectId, sessionId: 'a.b', msgId: 1 });
    const other = deviceManagementJobId.recordSession({ deviceObjectId, sessionId: 'a:b', msgId: 1 });
    expect(one).not.toBe(other);
  });
});
