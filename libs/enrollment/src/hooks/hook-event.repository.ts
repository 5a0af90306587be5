import type { RedisClient } from '../redis/redis-connection';
import { RedisKeys } from '../redis/redis-keys';

/** How long a hook event id is remembered: replays within it are answered, never enqueued again. */
export const HOOK_EVENT_MEMORY_SECONDS = 7 * 24 * 3600;

/** Configuration Manager's event ids: each is taken by one delivery and remembers the request it made. */
export abstract class HookEventRepository {
  /** Takes the event id for this delivery: true if no delivery had it (within the memory), false for a replay. */
  abstract take(eventId: string): Promise<boolean>;
  /** The request a taken event made; undefined while its first delivery is still under way (or unknown). */
  abstract requestOf(eventId: string): Promise<string | undefined>;
  /** Records the request the event made. */
  abstract remember(eventId: string, requestId: string): Promise<void>;
  /** Gives the event id back (a refused event may be sent again once corrected). */
  abstract forget(eventId: string): Promise<void>;
}

const PENDING = 'pending';

export class RedisHookEventRepository extends HookEventRepository {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
  }

  async take(eventId: string): Promise<boolean> {
    return (await this.redis.set(this.keys.hookEvent(eventId), PENDING, 'EX', HOOK_EVENT_MEMORY_SECONDS, 'NX')) === 'OK';
  }

  async requestOf(eventId: string): Promise<string | undefined> {
    const seen = await this.redis.get(this.keys.hookEvent(eventId));
    return seen && seen !== PENDING ? seen : undefined;
  }

  async remember(eventId: string, requestId: string): Promise<void> {
    await this.redis.set(this.keys.hookEvent(eventId), requestId, 'EX', HOOK_EVENT_MEMORY_SECONDS);
  }

  async forget(eventId: string): Promise<void> {
    await this.redis.del(this.keys.hookEvent(eventId));
  }
}
