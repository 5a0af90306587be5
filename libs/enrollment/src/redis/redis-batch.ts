import type { ChainableCommander } from 'ioredis';
import type { LuaScript } from './lua-script';
import type { RedisClient } from './redis-connection';

interface Waiter {
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

/**
 * Writes of several repositories sent together as one MULTI: one round trip, applied all or none, in
 * the order they were added. Each repository still adds only its own scripts (it owns its keys), and
 * gets its own result back, as a promise that settles when the batch is sent.
 */
export class RedisBatch {
  private readonly multi: ChainableCommander;
  private readonly waiters: Waiter[] = [];

  constructor(redis: RedisClient) {
    this.multi = redis.multi();
  }

  /** Adds a run of `script`; the promise settles with its result once `exec()` has sent the batch. */
  run<T>(script: LuaScript<T>, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<T> {
    script.queue(this.multi, keys, args);
    const result = new Promise<T>((resolve, reject) => this.waiters.push({ resolve: resolve, reject }));
    // exec() rejects as well when the batch fails: a caller that awaits only that must not crash the process.
    result.catch(() => undefined);
    return result;
  }

  get size(): number {
    return this.waiters.length;
  }

  /** Sends the batch (nothing when it is empty); rejects, as do the runs' promises, when it fails. */
  async exec(): Promise<void> {
    if (this.waiters.length === 0) return;
    let replies: Array<[Error | null, unknown]> | null;
    try {
      replies = await this.multi.exec();
    } catch (error) {
      for (const waiter of this.waiters) waiter.reject(error as Error);
      throw error;
    }
    if (!replies) {
      const aborted = new Error('Redis discarded the batch');
      for (const waiter of this.waiters) waiter.reject(aborted);
      throw aborted;
    }
    replies.forEach(([error, reply], index) => (error ? this.waiters[index].reject(error) : this.waiters[index].resolve(reply)));
  }
}

/** Starts batches on the repositories' connection. */
export class RedisBatches {
  constructor(private readonly redis: RedisClient) {}

  begin(): RedisBatch {
    return new RedisBatch(this.redis);
  }
}
