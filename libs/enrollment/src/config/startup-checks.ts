import { readStoredCaKey } from '../pki/pki.service';
import { caKeyOpensWith } from '../pki/ca-material';
import { readMaxmemoryPolicies } from '../redis/maxmemory-policy';
import { describeRedis, RedisClient } from '../redis/redis-connection';
import { RedisKeys } from '../redis/redis-keys';
import { AppConfig, DEV_CA_PASSPHRASE } from './config';
import { StartupError } from './startup-error';
import { caPassphraseMismatch, evictionPolicyUnknown, evictionPolicyVerdict } from './startup-messages';

/**
 * What only Redis can tell, checked on the start-up connection before the app boots. Resolves with
 * warnings to print; rejects with a StartupError when the service must not start.
 */
export async function redisStartupChecks(redis: RedisClient, config: AppConfig): Promise<string[]> {
  const warnings = await evictionPolicyWarnings(redis, config);
  await assertCaPassphraseOpens(redis, config);
  return warnings;
}

/**
 * The CA is made once, its key encrypted with the passphrase of the process that made it; a process with
 * another passphrase cannot sign. Trying the development default tells the commonest case apart.
 */
async function assertCaPassphraseOpens(redis: RedisClient, config: AppConfig): Promise<void> {
  const key = await readStoredCaKey(redis, new RedisKeys(config.redis.prefix));
  if (key === undefined || caKeyOpensWith(key, config.pki.passphrase)) return;
  throw new StartupError(
    caPassphraseMismatch({
      prefix: config.redis.prefix,
      madeWithDevelopmentDefault: !config.pki.passphraseIsDevDefault && caKeyOpensWith(key, DEV_CA_PASSPHRASE),
      usingDevelopmentDefault: config.pki.passphraseIsDevDefault,
      production: config.production,
    }),
  );
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
