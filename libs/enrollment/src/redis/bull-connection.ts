import type { ConnectionOptions } from 'bullmq';

/** BullMQ's connection to REDIS_URL; its blocking clients need `maxRetriesPerRequest: null`. */
export function bullConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}
