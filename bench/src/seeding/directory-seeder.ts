import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pooled } from '@app/enrollment/concurrency/pooled';
import type { DeviceObject } from '@app/enrollment/directory/device.model';
import { RedisDeviceRepository } from '@app/enrollment/directory/device.repository';
import type { RedisClient } from '@app/enrollment/redis/redis-connection';
import { RedisKeys } from '@app/enrollment/redis/redis-keys';

// ioredis pipelines the commands of concurrent calls on one connection: this many keeps Redis busy.
const CONCURRENT_WRITES = 512;

/** The `index`-th seeded device: Workplace Join for even indexes, bulk-enrolled for odd ones. */
export function seededDevice(index: number, packageId: string, registeredAt: string): DeviceObject {
  const id = randomUUID();
  const certificate = {
    serialNumber: index.toString(16).padStart(32, '0'),
    thumbprint: id.replace(/-/g, '').padEnd(40, '0').toUpperCase(),
    notAfter: registeredAt,
  };
  if (index % 2 === 0) {
    return {
      id,
      trustType: 'Workplace',
      status: 'active',
      deviceId: randomUUID(),
      displayName: `SEEDPC-${index}`.slice(0, 15),
      userPrincipalName: `seed.user${index}@contoso.com`,
      domain: 'contoso.com',
      osVersion: '6.1.7601',
      certificate,
      requestId: randomUUID(),
      registeredAt,
    };
  }
  return {
    id,
    trustType: 'AzureAd',
    status: 'active',
    deviceId: id,
    displayName: `SEED-${index}`.slice(0, 15),
    osVersion: '10.0.19045',
    serialNumber: `SEED${index}`,
    packageId,
    enrollmentType: 'windowsBulkAzureDomainJoin',
    certificate,
    requestId: randomUUID(),
    registeredAt,
  };
}

/**
 * Fills the service's directory straight in Redis, through the service's own repository (the same
 * register script, indexes and name claims as a real enrollment), with many writes in flight.
 */
export async function seedDirectory(redis: RedisClient, prefix: string, count: number): Promise<{ seconds: number }> {
  const devices = new RedisDeviceRepository(redis, new RedisKeys(prefix));
  const packageId = randomUUID();
  const registeredAt = new Date().toISOString();
  const started = performance.now();
  const seed = async (index: number) => {
    const device = seededDevice(index, packageId, registeredAt);
    if (device.trustType === 'AzureAd' && !(await devices.claimName(device.displayName, device.id))) {
      throw new Error(`seeded name ${device.displayName} is taken`);
    }
    const { created } = await devices.register(device);
    if (!created) throw new Error(`seeded device ${index} already existed`);
  };
  await pooled(
    Array.from({ length: count }, (_, index) => () => seed(index)),
    CONCURRENT_WRITES,
  );
  return { seconds: (performance.now() - started) / 1000 };
}
