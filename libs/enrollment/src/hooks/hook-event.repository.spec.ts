import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { HOOK_EVENT_MEMORY_SECONDS, RedisHookEventRepository } from './hook-event.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisHookEventRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-hooks-${randomBytes(4).toString('hex')}`);
  const sut = new RedisHookEventRepository(redis, keys);

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  it('lets one of many racing deliveries take an event id', async () => {
    const taken = await Promise.all(Array.from({ length: 10 }, () => sut.take('evt-race')));

    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('answers undefined, not a request, while the first delivery is under way', async () => {
    await sut.take('evt-pending');

    expect(await sut.requestOf('evt-pending')).toBeUndefined();
  });

  it('remembers the request an event made, for the memory period', async () => {
    await sut.take('evt-done');
    await sut.remember('evt-done', 'request-1');

    expect(await sut.requestOf('evt-done')).toBe('request-1');
    expect(await sut.take('evt-done')).toBe(false);
    const ttl = await redis.ttl(keys.hookEvent('evt-done'));
    expect(ttl).toBeGreaterThan(HOOK_EVENT_MEMORY_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(HOOK_EVENT_MEMORY_SECONDS);
  });

  it('gives a forgotten event id back to the next delivery', async () => {
    await sut.take('evt-refused');
    await sut.forget('evt-refused');

    expect(await sut.take('evt-refused')).toBe(true);
  });

  it('answers undefined for an event it never saw', async () => {
    expect(await sut.requestOf('evt-unknown')).toBeUndefined();
  });
});
