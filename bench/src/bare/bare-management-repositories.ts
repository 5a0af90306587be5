import type Redis from 'ioredis';
import { RedisDeviceCommandRepository, RedisManagedDeviceRepository, RedisManagementSessionRepository } from '@app/enrollment/management';
import type { DeviceManagementQueue } from '@app/enrollment/queues/device-management.queue';
import type { RedisKeys } from '@app/enrollment/redis/redis-keys';
import type { BareManagementRepositories } from './bare-management';

/** The product's Redis implementations of the management repositories, as EnrollmentModule builds them. */
export function bareManagementRepositories(redis: Redis, keys: RedisKeys, queue: DeviceManagementQueue): BareManagementRepositories {
  return {
    sessions: new RedisManagementSessionRepository(redis, keys),
    commands: new RedisDeviceCommandRepository(redis, keys),
    devices: new RedisManagedDeviceRepository(redis, keys),
    queue,
  };
}
