import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import type { ManagementSessionState } from './management-session.model';
import { RedisManagementSessionRepository } from './redis-management-session.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisManagementSessionRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-mdm-session-${randomBytes(4).toString('hex')}`);
  const sut = new RedisManagementSessionRepository(redis, keys);

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const state = (fields: Partial<ManagementSessionState> = {}): ManagementSessionState => ({
    deviceObjectId: randomUUID(),
    sessionId: '1A',
    lastMsgId: 1,
    lastReply: '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr/></SyncML>',
    nextMsgId: 2,
    nextCmdId: 3,
    sent: { '2': { commandId: 'inventory', msgId: 1 } },
    queued: [],
    answered: [],
    inventoryAsked: true,
    ended: false,
    startedAt: new Date().toISOString(),
    ...fields,
  });

  it('returns null for a session never saved', async () => {
    expect(await sut.load(randomUUID(), '1')).toBeNull();
  });

  it('saves the state of a session and loads it back as it was', async () => {
    const saved = state();

    expect(await sut.save(saved, 60)).toBe(true);

    expect(await sut.load(saved.deviceObjectId, saved.sessionId)).toEqual(saved);
  });

  it('stores the state of a later message over an earlier one', async () => {
    const first = state();
    await sut.save(first, 60);
    const second = { ...first, lastMsgId: 2, nextMsgId: 3, sent: {}, queued: ['a', 'b'] };

    expect(await sut.save(second, 60)).toBe(true);

    expect(await sut.load(first.deviceObjectId, first.sessionId)).toEqual(second);
  });

  it('refuses the state of a message already answered or older, keeping the stored one', async () => {
    const stored = state({ lastMsgId: 3 });
    await sut.save(stored, 60);

    expect(await sut.save({ ...stored, lastReply: 'again' }, 60)).toBe(false);
    expect(await sut.save({ ...stored, lastMsgId: 2, lastReply: 'older' }, 60)).toBe(false);

    expect(await sut.load(stored.deviceObjectId, stored.sessionId)).toEqual(stored);
  });

  it('stores one of two orchestrators answering the same message at once: the one that returned true', async () => {
    const base = state();
    await sut.save(base, 60);
    const one = { ...base, lastMsgId: 2, lastReply: 'one' };
    const two = { ...base, lastMsgId: 2, lastReply: 'two' };

    const saved = await Promise.all([sut.save(one, 60), sut.save(two, 60)]);

    expect(saved.filter(Boolean)).toHaveLength(1);
    expect((await sut.load(base.deviceObjectId, base.sessionId))?.lastReply).toBe(saved[0] ? 'one' : 'two');
  });

  it('compares MsgIDs as numbers, not as text (10 is later than 9)', async () => {
    const nine = state({ lastMsgId: 9 });
    await sut.save(nine, 60);

    expect(await sut.save({ ...nine, lastMsgId: 10 }, 60)).toBe(true);
  });

  it.each([
    ['case', 'abc', 'ABC'],
    ['a colon that would read as a key separator', 'a:b', 'a'],
    ['text that is the hex of the other', 'ab', '6162'],
  ])('keeps sessions apart whose SessionIDs differ only by %s', async (_, a, b) => {
    const first = state({ sessionId: a, lastMsgId: 5 });
    const second = { ...first, sessionId: b, lastMsgId: 1 };

    expect(await sut.save(first, 60)).toBe(true);
    expect(await sut.save(second, 60)).toBe(true);

    expect(await sut.load(first.deviceObjectId, a)).toEqual(first);
    expect(await sut.load(first.deviceObjectId, b)).toEqual(second);
  });

  it('accepts any text as SessionID, spaces, braces and non-ASCII included', async () => {
    const odd = state({ sessionId: ' {eo}:* Sitzung ü ' });

    await sut.save(odd, 60);

    expect(await sut.load(odd.deviceObjectId, odd.sessionId)).toEqual(odd);
  });

  it('lets a session expire its time to live after the last save', async () => {
    const saved = state();
    await sut.save(saved, 120);
    await sut.save({ ...saved, lastMsgId: 2 }, 30);

    const ttl = await redis.ttl(keys.managementSession(saved.deviceObjectId, saved.sessionId));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });
});
