import type { RedisClient } from '../redis/redis-connection';
import { RedisKeys } from '../redis/redis-keys';

/** Admin keys kept by the service: outside production, the development key every orchestrator shares. */
export abstract class AdminKeyRepository {
  /** The development admin key of this prefix: the first candidate ever offered is kept and returned to all. */
  abstract developmentKey(candidate: string): Promise<string>;
}

export class RedisAdminKeyRepository extends AdminKeyRepository {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
  }

  async developmentKey(candidate: string): Promise<string> {
    if ((await this.redis.set(this.keys.devAdminKey, candidate, 'NX')) === 'OK') return candidate;
    return (await this.redis.get(this.keys.devAdminKey)) ?? candidate;
  }
}
