import type { ConnectionOptions } from 'bullmq';
import { connect, RedisTarget } from './redis-connection';

/**
 * BullMQ's connection: options for a standalone Redis (BullMQ opens and closes its own clients), or a
 * cluster client, which BullMQ shares and never closes, so its owner must `quit()` it. Blocking clients
 * need `maxRetriesPerRequest: null`.
 */
export function bullConnection(target: RedisTarget): ConnectionOptions {
  if (!target.cluster) return { url: target.url, maxRetriesPerRequest: null };
  return connect(target, { maxRetriesPerRequest: null });
}
