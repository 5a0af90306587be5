import type { RedisClient } from './redis-connection';

let defined = 0;

/** A Lua script run with EVALSHA (ioredis falls back to EVAL once after a Redis restart). */
export class LuaScript<T> {
  private readonly command: string;

  constructor(
    private readonly redis: RedisClient,
    lua: string,
  ) {
    this.command = `eoScript${++defined}`;
    redis.defineCommand(this.command, { lua });
  }

  run(keys: readonly string[], args: ReadonlyArray<string | number>): Promise<T> {
    const call = (this.redis as unknown as Record<string, (...params: unknown[]) => Promise<T>>)[this.command];
    return call.call(this.redis, keys.length, ...keys, ...args);
  }
}
