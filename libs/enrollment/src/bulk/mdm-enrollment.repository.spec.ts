import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { MdmEnrollment, RedisMdmEnrollmentRepository } from './mdm-enrollment.repository';

describe(`${RedisMdmEnrollmentRepository.name} (needs Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-mdm-${randomBytes(4).toString('hex')}`);
  const sut = new RedisMdmEnrollmentRepository(redis, keys);

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const enrollment = (deviceObjectId: string): MdmEnrollment => ({
    id: randomUUID(),
    deviceObjectId,
    enrollmentType: 'windowsBulkUserless',
    userless: true,
    managementAgent: 'mdm',
    conditionalAccessEligible: true,
    osVersion: '10.0.19045',
    osBuild: 19045,
    requestId: randomUUID(),
    enrolledAt: new Date().toISOString(),
  });

  it('enrolls a device and tells its device object the enrollment type', async () => {
    const deviceObjectId = randomUUID();
    await redis.set(keys.device(deviceObjectId), JSON.stringify({ id: deviceObjectId, trustType: 'AzureAd' }));
    const first = enrollment(deviceObjectId);

    expect(await sut.enroll(first)).toEqual(first);

    expect(await sut.forDevice(deviceObjectId)).toEqual(first);
    expect(JSON.parse((await redis.get(keys.device(deviceObjectId)))!)).toMatchObject({
      enrollmentType: 'windowsBulkUserless',
      mdmEnrollmentId: first.id,
    });
  });

  it('returns the first enrollment, not a second one, when the device enrolls again or two runs race', async () => {
    const deviceObjectId = randomUUID();
    const [a, b] = [enrollment(deviceObjectId), enrollment(deviceObjectId)];

    const [one, two] = await Promise.all([sut.enroll(a), sut.enroll(b)]);

    expect(two).toEqual(one);
    expect(await sut.enroll(enrollment(deviceObjectId))).toEqual(one);
    expect(await redis.zscore(keys.mdmEnrollmentList, one.id === a.id ? b.id : a.id)).toBeNull();
  });

  it("leaves a device object that does not exist (yet) alone", async () => {
    const deviceObjectId = randomUUID();
    await sut.enroll(enrollment(deviceObjectId));
    expect(await redis.exists(keys.device(deviceObjectId))).toBe(0);
  });
});
