import type { ConnectionOptions } from 'bullmq';
import type { Logger } from 'winston';
import { connect, RedisTarget } from './redis-connection';
import { logRedisErrors } from './redis-error-log';

/**
 * BullMQ's connection: options for a standalone Redis (BullMQ opens and closes its own clients), or a
 * cluster client, which BullMQ shares and never closes, so its owner must `quit()` it. Blocking clients
 * need `maxRetriesPerRequest: null`.
 */
export function bullConnection(target: RedisTarget, logger: Logger): ConnectionOptions {
  if (!target.cluster) return { url: target.url, maxRetriesPerRequest: null };
  return logRedisErrors(connect(target, { maxRetriesPerRequest: null }), logger, 'bullmq');
}
