import Redis, { Cluster, ClusterNode, RedisOptions } from 'ioredis';
import type { Logger } from 'winston';
import { StartupError } from '../config/startup-error';
import { logRedisErrors } from './redis-error-log';

/** A standalone Redis or a Redis Cluster; every repository works with either. */
export type RedisClient = Redis | Cluster;

/** Where Redis is: one URL, or with `cluster` a comma-separated list of seed nodes of a Redis Cluster. */
export interface RedisTarget {
  url: string;
  cluster: boolean;
}

/** The client the repositories use: commands fail after a few retries instead of waiting forever; errors go to `logger`. */
export function createRedis(target: RedisTarget, logger: Logger, overrides: RedisOptions = {}): RedisClient {
  return logRedisErrors(connect(target, { maxRetriesPerRequest: 3, enableAutoPipelining: true, ...overrides }), logger, 'commands');
}

/** Another connection like `client`'s, shown as `name` in CLIENT LIST, its errors logged as those of `name`. */
export function duplicateNamed(client: RedisClient, name: string, logger: Logger): RedisClient {
  const duplicate =
    client instanceof Cluster
      ? client.duplicate([], { redisOptions: { ...client.options.redisOptions, connectionName: name } })
      : client.duplicate({ connectionName: name });
  return logRedisErrors(duplicate, logger, name);
}

/** A new client for `target`, standalone or cluster; `options` apply to every node's connection. */
export function connect(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  if (!target.cluster) return new Redis(target.url, options);
  const seeds = target.url.split(',').map((url) => url.trim());
  const first = new URL(seeds[0]);
  const nodes: ClusterNode[] = seeds.map((url) => {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: Number(parsed.port || 6379) };
  });
  return new Cluster(nodes, {
    // Cluster nodes announce themselves by address; TLS and credentials come from the first seed URL.
    redisOptions: {
      ...options,
      username: decodeURIComponent(first.username) || undefined,
      password: decodeURIComponent(first.password) || undefined,
      ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
    },
    lazyConnect: options.lazyConnect,
  });
}

/** Thrown at start-up when Redis does not answer; its message is meant to be printed as is. */
export class RedisUnreachableError extends StartupError {
  override readonly name = 'RedisUnreachableError';
}

/** Resolves when Redis answers PING, else rejects with one paragraph telling how to get a Redis. */
export async function assertRedisReachable(target: RedisTarget, timeoutMs = 3000): Promise<void> {
  await withReachableRedis(target, () => Promise.resolve(), timeoutMs);
}

/**
 * Runs `use` on a short-lived client once Redis answers PING, and closes the client after; rejects with
 * a RedisUnreachableError (one paragraph telling how to get a Redis) when Redis does not answer.
 */
export async function withReachableRedis<T>(target: RedisTarget, use: (client: RedisClient) => Promise<T>, timeoutMs = 3000): Promise<T> {
  const client = connect(target, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    // A cluster's node clients otherwise keep a 2 s timer after a failed start.
    disconnectTimeout: 0,
  });
  if (client instanceof Cluster) client.options.clusterRetryStrategy = () => null;
  // ioredis rejects with a generic "Connection is closed"; the socket error says what happened.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      const reason = socketError?.message || (error as Error).message || String(error);
      throw new RedisUnreachableError(
        `Cannot reach ${describeRedis(target)} (${reason}). The enrollment orchestrator keeps its queues and ` +
          'state in Redis 7 or later and cannot start without it. Start one locally with `redis-server` ' +
          '(Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`), or run ' +
          '`docker compose up -d redis` from this repository, or point REDIS_URL at a Redis you already have ' +
          '(for example REDIS_URL=redis://redis.example.internal:6379).',
      );
    }
    return await use(client);
  } finally {
    // After a failed connect the client has already ended; disconnect() would then arm ioredis's
    // disconnectTimeout (2 s) on the closed socket, a timer nothing clears, holding the process open.
    if (client.status !== 'end') client.disconnect();
  }
}

/** "Redis at redis://…" or "the Redis Cluster at redis://…,redis://…", without passwords, for messages. */
export function describeRedis(target: RedisTarget): string {
  return target.cluster ? `the Redis Cluster at ${redactUrls(target.url)}` : `Redis at ${redactUrl(target.url)}`;
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

function redactUrls(urls: string): string {
  return urls
    .split(',')
    .map((url) => redactUrl(url.trim()))
    .join(',');
}
