import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DeviceObject } from '../directory/device.model';
import { RedisDeviceRepository } from '../directory/device.repository';
import { RedisKeys } from '../redis/redis-keys';
import { MdmEnrollment, RedisMdmEnrollmentRepository } from './mdm-enrollment.repository';
import { mdmNonceBox, openManagementNonces, sealedManagementNonces } from './mdm-management-nonces';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisMdmEnrollmentRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-mdm-${randomBytes(4).toString('hex')}`);
  const devices = new RedisDeviceRepository(redis, keys);
  const sut = new RedisMdmEnrollmentRepository(redis, keys, devices);
  const box = mdmNonceBox('unit-test-passphrase');

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const bulkDevice = (): DeviceObject => ({
    id: randomUUID(),
    trustType: 'AzureAd',
    status: 'active',
    deviceId: randomUUID(),
    displayName: `B-${randomBytes(3).toString('hex').toUpperCase()}`,
    osVersion: '10.0.22631',
    serialNumber: `SN${randomBytes(4).toString('hex').toUpperCase()}`,
    packageId: randomUUID(),
    certificate: { serialNumber: '01', thumbprint: 'AA', notAfter: new Date().toISOString() },
    requestId: randomUUID(),
    registeredAt: new Date().toISOString(),
  });

  /** An enrollment as a retried bulk job makes it: a fresh id, time and pair of nonces each time. */
  const attempt = (deviceObjectId: string, fields: Partial<MdmEnrollment> = {}): MdmEnrollment => ({
    id: randomUUID(),
    deviceObjectId,
    enrollmentType: 'windowsBulkUserless',
    userless: true,
    managementAgent: 'mdm',
    conditionalAccessEligible: false,
    osVersion: '10.0.22631',
    osBuild: 22631,
    requestId: randomUUID(),
    enrolledAt: new Date().toISOString(),
    management: { mdmDeviceId: randomUUID(), certificateStore: 'System', ...sealedManagementNonces(box) },
    ...fields,
  });

  it('enrolls a device, finds it by device and tells the device object its enrollment', async () => {
    const { device } = await devices.register(bulkDevice());
    const enrollment = attempt(device.id);

    expect(await sut.enroll(enrollment)).toEqual(enrollment);

    expect(await sut.forDevice(device.id)).toEqual(enrollment);
    expect(await devices.get(device.id)).toEqual({ ...device, enrollmentType: 'windowsBulkUserless', mdmEnrollmentId: enrollment.id });
  });

  it('returns the first enrollment on a re-run, its sealed nonces kept, and counts it once', async () => {
    const { device } = await devices.register(bulkDevice());
    const first = attempt(device.id);
    await sut.enroll(first);
    const countBefore = await sut.count();

    const again = await sut.enroll(attempt(device.id, { enrollmentType: 'windowsBulkAzureDomainJoin' }));

    expect(again).toEqual(first);
    expect(openManagementNonces(again, box)).toEqual(openManagementNonces(first, box));
    expect(await sut.forDevice(device.id)).toEqual(first);
    expect(await sut.count()).toBe(countBefore);
    expect((await devices.get(device.id))?.mdmEnrollmentId).toBe(first.id);
    expect((await devices.get(device.id))?.enrollmentType).toBe('windowsBulkUserless');
  });

  it('gives 10 racing enrollments of one device the same one, counted once', async () => {
    const { device } = await devices.register(bulkDevice());
    const countBefore = await sut.count();
    const attempts = Array.from({ length: 10 }, () => attempt(device.id));

    const results = await Promise.all(attempts.map((enrollment) => sut.enroll(enrollment)));

    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(attempts).toContainEqual(results[0]);
    expect(await sut.forDevice(device.id)).toEqual(results[0]);
    expect((await devices.get(device.id))?.mdmEnrollmentId).toBe(results[0].id);
    expect(await sut.count()).toBe(countBefore + 1);
  });

  it('names the kept enrollment on a device object registered after the device was enrolled', async () => {
    const device = bulkDevice();
    const first = await sut.enroll(attempt(device.id));
    await devices.register(device);

    expect(await sut.enroll(attempt(device.id))).toEqual(first);

    expect((await devices.get(device.id))?.mdmEnrollmentId).toBe(first.id);
  });

  it('keeps the enrollments of different devices apart', async () => {
    const [a, b] = [attempt(randomUUID()), attempt(randomUUID())];
    const countBefore = await sut.count();

    await Promise.all([sut.enroll(a), sut.enroll(b)]);

    expect(await sut.forDevice(a.deviceObjectId)).toEqual(a);
    expect(await sut.forDevice(b.deviceObjectId)).toEqual(b);
    expect(await sut.count()).toBe(countBefore + 2);
  });

  it('records the enrollment without making up a device object when the directory has none', async () => {
    const enrollment = attempt(randomUUID());

    expect(await sut.enroll(enrollment)).toEqual(enrollment);

    expect(await sut.forDevice(enrollment.deviceObjectId)).toEqual(enrollment);
    expect(await devices.get(enrollment.deviceObjectId)).toBeNull();
  });

  it('returns null for a device never enrolled', async () => {
    expect(await sut.forDevice(randomUUID())).toBeNull();
  });
});
