import { readMaxmemoryPolicies } from '../redis/maxmemory-policy';
import { describeRedis, RedisClient } from '../redis/redis-connection';
import { AppConfig } from './config';
import { StartupError } from './startup-error';
import { evictionPolicyUnknown, evictionPolicyVerdict } from './startup-messages';

/**
 * What only Redis can tell, checked on the start-up connection before the app boots. Resolves with
 * warnings to print; rejects with a StartupError when the service must not start.
 */
export async function redisStartupChecks(redis: RedisClient, config: AppConfig): Promise<string[]> {
  return evictionPolicyWarnings(redis, config);
}

/** BullMQ and the stores need noeviction: any other policy silently deletes jobs and records when memory runs out. */
async function evictionPolicyWarnings(redis: RedisClient, config: AppConfig): Promise<string[]> {
  let policies;
  try {
    policies = await readMaxmemoryPolicies(redis);
  } catch (error) {
    // Managed Redis services often refuse CONFIG; the policy cannot be known, so it cannot be refused.
    return [evictionPolicyUnknown(describeRedis(config.redis), (error as Error).message)];
  }
  const warnings: string[] = [];
  for (const { node, policy } of policies) {
    const where = config.redis.cluster ? `Redis Cluster node ${node}` : describeRedis(config.redis);
    if (policy === undefined) {
      warnings.push(evictionPolicyUnknown(where, 'CONFIG GET maxmemory-policy returned nothing'));
      continue;
    }
    const verdict = evictionPolicyVerdict(where, policy, config.production);
    if (verdict?.refuse) throw new StartupError(verdict.message);
    if (verdict) warnings.push(verdict.message);
  }
  return warnings;
}
