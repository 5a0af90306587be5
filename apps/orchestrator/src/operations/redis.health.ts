import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { RedisClient } from '@app/enrollment';
import { REDIS } from '@app/enrollment';

const PROBE_TIMEOUT_MS = 1000;

/**
 * Redis answers, and will not evict keys: under memory pressure any other policy silently deletes
 * queued jobs and state, which BullMQ only warns about.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'redis') {
    const indicator = this.indicators.check(key);
    try {
      const [, policy] = (await withTimeout(this.redis.config('GET', 'maxmemory-policy'))) as [string, string];
      if (policy !== 'noeviction') {
        return indicator.down({ maxmemoryPolicy: policy, message: 'maxmemory-policy must be noeviction, or queued jobs can be lost' });
      }
      return indicator.up({ maxmemoryPolicy: policy });
    } catch (error) {
      return indicator.down({ message: `Redis does not answer: ${(error as Error).message}` });
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref()),
  ]);
}
