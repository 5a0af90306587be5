import Redis, { RedisOptions } from 'ioredis';

/** Connection options shared by every client; BullMQ needs `maxRetriesPerRequest: null` on its own. */
export function redisOptions(url: string, overrides: RedisOptions = {}): RedisOptions & { url: string } {
  return { url, enableReadyCheck: true, ...overrides };
}

export function createRedis(url: string, overrides: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, ...overrides });
}

/** Thrown at start-up when Redis does not answer; its message is meant to be printed as is. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

/** Resolves when Redis answers PING, else rejects with one paragraph telling how to get a Redis. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis rejects with a generic "Connection is closed"; the socket error says what happened.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = socketError?.message || (error as Error).message || String(error);
    throw new RedisUnreachableError(
      `Cannot reach Redis at ${redactUrl(url)} (${reason}). The enrollment orchestrator keeps its queues and ` +
        'state in Redis 7 or later and cannot start without it. Start one locally with `redis-server` ' +
        '(Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`), or run ' +
        '`docker compose up -d redis` from this repository, or point REDIS_URL at a Redis you already have ' +
        '(for example REDIS_URL=redis://redis.example.internal:6379).',
    );
  } finally {
    // After a failed connect the client has already ended; disconnect() would then arm ioredis's
    // disconnectTimeout (2 s) on the closed socket, a timer nothing clears, holding the process open.
    if (client.status !== 'end') client.disconnect();
  }
}

/** Redis URLs may carry a password; never print it. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured REDIS_URL';
  }
}
