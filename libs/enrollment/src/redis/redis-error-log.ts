import type { Logger } from 'winston';
import type { RedisClient } from './redis-connection';

/**
 * Sends a client's errors to the log, credentials removed. Without a listener ioredis prints
 * "Unhandled error event" with a stack on the console for every failed reconnection, outside the
 * JSON log. The client reconnects by itself, so this is a warning; readiness reports the outage.
 */
export function logRedisErrors<T extends RedisClient>(client: T, logger: Logger, redisClient: string): T {
  client.on('error', (error: Error & { code?: string }) => {
    logger.warn('redis client error', { redisClient, error: withoutCredentials(error.message), code: error.code });
  });
  return client;
}

/** A URL in a message may carry a password: `redis://user:pw@host` becomes `redis://***@host`. */
function withoutCredentials(message: string): string {
  return message.replace(/\/\/[^/\s@]*@/g, '//***@');
}
