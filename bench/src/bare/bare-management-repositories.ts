import type Redis from 'ioredis';
import type { DeviceManagementQueue } from '@app/enrollment/queues/device-management.queue';
import type { RedisKeys } from '@app/enrollment/redis/redis-keys';
import type { BareManagementRepositories } from './bare-management';

/** Builds the product's Redis implementations of the management repositories, as EnrollmentModule builds them. */
export type BareManagementFactory = (redis: Redis, keys: RedisKeys, queue: DeviceManagementQueue) => BareManagementRepositories;

/**
 * The product's management repositories for the bare limit of management sessions; while there is
 * none, the measurement reports the product's figures alone and says so.
 */
export const BARE_MANAGEMENT_REPOSITORIES = undefined as BareManagementFactory | undefined;
