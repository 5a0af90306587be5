import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { RedisAdminKeyRepository } from './admin-key.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisAdminKeyRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-admin-${randomBytes(4).toString('hex')}`);
  const sut = new RedisAdminKeyRepository(redis, keys);

  afterAll(async () => {
    await redis.del(keys.devAdminKey);
    await redis.quit();
  });

  it('gives every orchestrator starting together the same development key, one of theirs', async () => {
    const candidates = Array.from({ length: 8 }, (_, i) => `candidate-${i}`);
    const kept = await Promise.all(candidates.map((candidate) => sut.developmentKey(candidate)));

    expect(new Set(kept).size).toBe(1);
    expect(candidates).toContain(kept[0]);
  });

  it('keeps the first key for later starts', async () => {
    const first = await sut.developmentKey('first-of-all');

    expect(await sut.developmentKey('a-later-one')).toBe(first);
  });
});
