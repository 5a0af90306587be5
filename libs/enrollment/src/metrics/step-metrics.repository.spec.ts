import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { RedisStepMetricsRepository, STEP_DURATION_BUCKETS } from './step-metrics.repository';

describe(`${RedisStepMetricsRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-metrics-${randomBytes(4).toString('hex')}`);
  const sut = new RedisStepMetricsRepository(redis, keys);

  afterAll(async () => {
    await redis.del(keys.stepDurations, keys.outcomes);
    await redis.quit();
  });

  it('reads observations back as cumulative Prometheus buckets, with count and sum', async () => {
    for (const seconds of [0.0005, 0.003, 0.003, 0.2, 20]) await sut.observeStep('bulk-enrollment', 'resolve-name', 'succeeded', seconds);
    await sut.observeStep('bulk-enrollment', 'resolve-name', 'failed', 0.001);

    const series = await sut.stepDurations();

    const succeeded = series.find((entry) => entry.outcome === 'succeeded')!;
    const upTo = (bound: number) => succeeded.buckets[STEP_DURATION_BUCKETS.indexOf(bound)];
    expect([upTo(0.001), upTo(0.0025), upTo(0.005), upTo(0.1), upTo(0.25), upTo(10)]).toEqual([1, 1, 3, 3, 4, 4]);
    expect(succeeded.count).toBe(5);
    expect(succeeded.sum).toBeCloseTo(20.2065);
    expect(series.find((entry) => entry.outcome === 'failed')!.buckets.every((count) => count === 1)).toBe(true);
  });
});
