import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { DeviceObject } from './device.model';
import { RedisDeviceRepository } from './device.repository';

describe(`${RedisDeviceRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-devices-${randomBytes(4).toString('hex')}`);
  const sut = new RedisDeviceRepository(redis, keys);

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const workplaceDevice = (upn: string, deviceId: string): DeviceObject => ({
    id: randomUUID(),
    trustType: 'Workplace',
    status: 'active',
    deviceId,
    displayName: 'PC01',
    userPrincipalName: upn,
    osVersion: '6.1.7601',
    certificate: { serialNumber: '01', thumbprint: 'AA', notAfter: new Date().toISOString() },
    requestId: randomUUID(),
    registeredAt: new Date().toISOString(),
  });

  describe('replaceCertificate', () => {
    const next = { serialNumber: '02', thumbprint: 'BB', notAfter: new Date().toISOString() };

    it('points the object at the new certificate, keeping everything else, and does it again harmlessly', async () => {
      const { device } = await sut.register(workplaceDevice(`cert-${randomUUID()}@contoso.com`, randomUUID()));
      const replaced = await sut.replaceCertificate(device.id, next);
      const again = await sut.replaceCertificate(device.id, next);

      expect(replaced).toEqual({ ...device, certificate: next });
      expect(again).toEqual(replaced);
      expect(await sut.get(device.id)).toEqual(replaced);
    });

    it('leaves a removed object as it is, and returns null for none', async () => {
      const { device } = await sut.register(workplaceDevice(`gone-${randomUUID()}@contoso.com`, randomUUID()));
      const removed = await sut.remove(device.id, new Date());

      expect((await sut.replaceCertificate(device.id, next))?.certificate).toEqual(removed!.certificate);
      expect(await sut.replaceCertificate(randomUUID(), next)).toBeNull();
    });
  });

  describe('user places (MAX_DEVICES_PER_USER)', () => {
    it('gives at most `max` places to 20 racing claims of distinct devices, and none twice', async () => {
      const upn = `race-${randomUUID()}@contoso.com`;
      const claims = await Promise.all(Array.from({ length: 20 }, () => sut.claimUserPlace(upn, randomUUID(), 3)));
      expect(claims.filter(Boolean)).toHaveLength(3);
      expect(await redis.scard(keys.userDevices(upn))).toBe(3);
    });

    it('lets a user@device that holds a place claim it again, even when the user is full', async () => {
      const upn = `again-${randomUUID()}@contoso.com`;
      const [first, second] = [randomUUID(), randomUUID()];
      expect(await sut.claimUserPlace(upn, first, 2)).toBe(true);
      expect(await sut.claimUserPlace(upn, second, 2)).toBe(true);
      expect(await sut.claimUserPlace(upn, first, 2)).toBe(true);
      expect(await sut.hasUserPlace(upn, first, 2)).toBe(true);
      expect(await sut.hasUserPlace(upn, randomUUID(), 2)).toBe(false);
      expect(await sut.claimUserPlace(upn, randomUUID(), 2)).toBe(false);
    });

    it('counts UPNs case-insensitively, so another spelling is not another user', async () => {
      const upn = `Case-${randomUUID()}@Contoso.com`;
      expect(await sut.claimUserPlace(upn, randomUUID(), 1)).toBe(true);
      expect(await sut.claimUserPlace(upn.toLowerCase(), randomUUID(), 1)).toBe(false);
    });

    it('does not give back the place of a registered user@device, only that of one that failed', async () => {
      const upn = `release-${randomUUID()}@contoso.com`;
      const registered = workplaceDevice(upn, randomUUID());
      const failed = randomUUID();
      await sut.claimUserPlace(upn, registered.deviceId, 2);
      await sut.register(registered);
      await sut.claimUserPlace(upn, failed, 2);

      await sut.releaseUserPlace(upn, registered.deviceId);
      await sut.releaseUserPlace(upn, failed);
      expect(await sut.hasUserPlace(upn, registered.deviceId, 1)).toBe(true);
      expect(await redis.scard(keys.userDevices(upn))).toBe(1);
    });

    it('frees the place when the device is removed, also when the removal is run again', async () => {
      const upn = `leave-${randomUUID()}@contoso.com`;
      const device = workplaceDevice(upn, randomUUID());
      await sut.claimUserPlace(upn, device.deviceId, 1);
      await sut.register(device);
      expect(await sut.claimUserPlace(upn, randomUUID(), 1)).toBe(false);

      await sut.remove(device.id, new Date());
      await sut.remove(device.id, new Date());
      expect(await redis.scard(keys.userDevices(upn))).toBe(0);
      expect(await sut.claimUserPlace(upn, randomUUID(), 1)).toBe(true);
    });
  });

  describe('list', () => {
    const bulkDevice = (serialNumber: string): DeviceObject => ({
      ...workplaceDevice('unused@contoso.com', randomUUID()),
      trustType: 'AzureAd',
      userPrincipalName: undefined,
      packageId: randomUUID(),
      serialNumber,
      displayName: `B-${serialNumber.slice(-6)}`,
    });

    it('finds a device by its serial number ignoring case, or by the one Configuration Manager gave a Workplace device', async () => {
      const serial = `5cg${randomBytes(4).toString('hex')}`;
      const bulk = bulkDevice(serial.toUpperCase());
      const hooked = { ...workplaceDevice(`sn-${randomUUID()}@contoso.com`, randomUUID()), sccm: { serialNumber: serial, name: 'PC01' } };
      await sut.register(bulk);
      await sut.register(hooked);
      await sut.register(bulkDevice(`${serial}X`));

      const found = await sut.list({ serialNumber: serial, offset: 0, limit: 10 });
      expect(found.items.map((device) => device.id).sort()).toEqual([bulk.id, hooked.id].sort());
      expect(found.total).toBe(2);
      expect((await sut.list({ serialNumber: serial.toUpperCase(), trustType: 'AzureAd', offset: 0, limit: 10 })).items.map((device) => device.id)).toEqual([
        bulk.id,
      ]);
      expect((await sut.list({ serialNumber: serial.slice(0, -1), offset: 0, limit: 10 })).total).toBe(0);
    });
  });
});
