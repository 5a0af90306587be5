import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-connection';

/**
 * A Lua script from its own file, `<name>-<number of keys>.lua` (as BullMQ names its scripts), defined
 * once on the connection under that name and run with EVALSHA (ioredis falls back to EVAL once after a
 * Redis restart). Every key the script touches is passed in KEYS, so it also runs on a Redis Cluster.
 */
export class LuaScript<T> {
  private readonly command: string;
  private readonly numberOfKeys: number;

  /** `name` is the file's name without `.lua`, e.g. `register-device-4`; `source` its text. */
  constructor(
    private readonly redis: RedisClient,
    readonly name: string,
    source: string,
  ) {
    const match = /^([a-z][a-z0-9-]*)-(\d+)$/.exec(name);
    if (!match) throw new Error(`Lua script '${name}' is not named <name>-<number of keys>`);
    this.numberOfKeys = Number(match[2]);
    this.command = `eo:${name}`;
    redis.defineCommand(this.command, { lua: source, numberOfKeys: this.numberOfKeys });
  }

  run(keys: readonly string[], args: ReadonlyArray<string | number | Buffer>): Promise<T> {
    this.checkKeys(keys);
    const call = (this.redis as unknown as Record<string, (...params: unknown[]) => Promise<T>>)[this.command];
    return call.call(this.redis, ...keys, ...args);
  }

  /** As run, with the strings of the reply as Buffers: for scripts that return binary values. */
  runBuffer(keys: readonly string[], args: ReadonlyArray<string | number | Buffer>): Promise<T> {
    this.checkKeys(keys);
    const call = (this.redis as unknown as Record<string, (...params: unknown[]) => Promise<T>>)[`${this.command}Buffer`];
    return call.call(this.redis, ...keys, ...args);
  }

  /** Adds a run to a pipeline or MULTI; its result comes back with the others from `exec()`. */
  queue(pipeline: ChainableCommander, keys: readonly string[], args: ReadonlyArray<string | number>): void {
    this.checkKeys(keys);
    const call = (pipeline as unknown as Record<string, (...params: unknown[]) => unknown>)[this.command];
    call.call(pipeline, ...keys, ...args);
  }

  private checkKeys(keys: readonly string[]): void {
    if (keys.length !== this.numberOfKeys) {
      throw new Error(`Lua script '${this.name}' takes ${this.numberOfKeys} keys, was given ${keys.length}`);
    }
  }
}
