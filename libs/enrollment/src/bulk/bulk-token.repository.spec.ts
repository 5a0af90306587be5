import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { BulkTokenRecord, hashBulkToken, RedisBulkTokenRepository } from './bulk-token.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisBulkTokenRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-bulk-tokens-${randomBytes(4).toString('hex')}`);
  const sut = new RedisBulkTokenRepository(redis, keys);
  const now = Date.now();
  const HOUR = 3600_000;

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  /** Creates a token; returns its record and its value (which only the package XML carries). */
  const created = async (fields: Partial<BulkTokenRecord> = {}) => {
    const value = randomBytes(32).toString('base64url');
    const record: BulkTokenRecord = {
      id: randomUUID(),
      tokenHash: hashBulkToken(value),
      sealedToken: `sealed-${randomUUID()}`,
      expiresAt: now + HOUR,
      uses: 0,
      createdAt: now,
      ...fields,
    };
    await sut.create(record);
    return { record, value };
  };
  const device = () => `device-${randomUUID()}`;

  describe('create, get and findByValue', () => {
    it('reads a token back as created, by id and by value', async () => {
      const { record, value } = await created({ maxUses: 3 });
      const unlimited = await created();

      expect(await sut.get(record.id)).toEqual(record);
      expect(await sut.findByValue(value)).toEqual(record);
      expect(await sut.get(unlimited.record.id)).toEqual(unlimited.record);
      expect((await sut.get(unlimited.record.id))?.maxUses).toBeUndefined();
    });

    it('returns null, not a half-read record, for an unknown id or value', async () => {
      expect(await sut.get(randomUUID())).toBeNull();
      expect(await sut.findByValue(randomBytes(32).toString('base64url'))).toBeNull();
    });
  });

  describe('list', () => {
    it('pages the tokens newest first, with the total', async () => {
      // A prefix of its own, so that the other tests' tokens are not in the list.
      const listingKeys = new RedisKeys(`unit-bulk-tokens-${randomBytes(4).toString('hex')}`);
      const listing = new RedisBulkTokenRepository(redis, listingKeys);
      const records: BulkTokenRecord[] = [];
      for (let i = 0; i < 5; i++) {
        const record: BulkTokenRecord = { id: randomUUID(), tokenHash: randomUUID(), sealedToken: 's', expiresAt: now + HOUR, uses: 0, createdAt: now + i };
        await listing.create(record);
        records.push(record);
      }
      try {
        const first = await listing.list({ offset: 0, limit: 2 });
        const last = await listing.list({ offset: 4, limit: 2 });

        expect(first).toEqual({ items: [records[4], records[3]], total: 5 });
        expect(last).toEqual({ items: [records[0]], total: 5 });
        expect(await listing.list({ offset: 5, limit: 2 })).toEqual({ items: [], total: 5 });
      } finally {
        const found = await redis.keys(`${listingKeys.root}:*`);
        if (found.length > 0) await redis.del(...found);
      }
    });
  });

  describe('revoke', () => {
    it('keeps the first revocation time when revoked again', async () => {
      const { record } = await created();

      expect(await sut.revoke(record.id, now + 1)).toBe(true);
      expect(await sut.revoke(record.id, now + 2)).toBe(true);
      expect((await sut.get(record.id))?.revokedAt).toBe(now + 1);
    });

    it('returns false for an unknown token and creates nothing for it', async () => {
      const id = randomUUID();

      expect(await sut.revoke(id, now)).toBe(false);
      expect(await redis.exists(keys.bulkToken(id))).toBe(0);
      expect(await sut.consume(id, device(), now)).toBe('UNKNOWN');
    });
  });

  describe('consume', () => {
    it('counts a device once however often it asks', async () => {
      const { record } = await created({ maxUses: 2 });
      const subject = device();

      expect(await sut.consume(record.id, subject, now)).toBe('OK');
      expect(await sut.consume(record.id, subject, now)).toBe('OK');
      expect(await sut.isCounted(record.id, subject)).toBe(true);
      expect((await sut.get(record.id))?.uses).toBe(1);
    });

    it('refuses a new device once the cap is reached, but still answers OK to one already counted', async () => {
      const { record } = await created({ maxUses: 1 });
      const counted = device();
      await sut.consume(record.id, counted, now);
      const refused = device();

      expect(await sut.consume(record.id, refused, now)).toBe('EXHAUSTED');
      expect(await sut.isCounted(record.id, refused)).toBe(false);
      expect(await sut.consume(record.id, counted, now)).toBe('OK');
      expect((await sut.get(record.id))?.uses).toBe(1);
    });

    it('never counts more than maxUses for 30 devices racing for 5 uses', async () => {
      const { record } = await created({ maxUses: 5 });
      const subjects = Array.from({ length: 30 }, device);

      const outcomes = await Promise.all(subjects.map((subject) => sut.consume(record.id, subject, now)));

      expect(outcomes.filter((outcome) => outcome === 'OK')).toHaveLength(5);
      expect(outcomes.filter((outcome) => outcome === 'EXHAUSTED')).toHaveLength(25);
      expect((await sut.get(record.id))?.uses).toBe(5);
      const counted = await Promise.all(subjects.map((subject) => sut.isCounted(record.id, subject)));
      expect(subjects.filter((_, i) => counted[i])).toEqual(subjects.filter((_, i) => outcomes[i] === 'OK'));
    });

    it('counts any number of devices on a token without maxUses', async () => {
      const { record } = await created();

      const outcomes = await Promise.all(Array.from({ length: 20 }, () => sut.consume(record.id, device(), now)));

      expect(outcomes.every((outcome) => outcome === 'OK')).toBe(true);
      expect((await sut.get(record.id))?.uses).toBe(20);
    });

    it('refuses at the expiry instant and after, even a device counted before', async () => {
      const { record } = await created({ expiresAt: now + 1000 });
      const counted = device();
      expect(await sut.consume(record.id, counted, now + 999)).toBe('OK');

      expect(await sut.consume(record.id, device(), now + 1000)).toBe('EXPIRED');
      expect(await sut.consume(record.id, counted, now + 5000)).toBe('EXPIRED');
      expect((await sut.get(record.id))?.uses).toBe(1);
    });

    it('refuses a revoked token, even to a device counted before, and says revoked before expired', async () => {
      const { record } = await created({ expiresAt: now + 1000 });
      const counted = device();
      await sut.consume(record.id, counted, now);
      await sut.revoke(record.id, now);

      expect(await sut.consume(record.id, counted, now)).toBe('REVOKED');
      expect(await sut.consume(record.id, device(), now + 5000)).toBe('REVOKED');
      expect((await sut.get(record.id))?.uses).toBe(1);
    });

    it('answers UNKNOWN for a token that does not exist, and counts nothing', async () => {
      const id = randomUUID();
      const subject = device();

      expect(await sut.consume(id, subject, now)).toBe('UNKNOWN');
      expect(await sut.isCounted(id, subject)).toBe(false);
    });
  });

  describe('refund', () => {
    it('gives a counted use back, so another device can take it', async () => {
      const { record } = await created({ maxUses: 1 });
      const failed = device();
      await sut.consume(record.id, failed, now);

      await sut.refund(record.id, failed);

      expect(await sut.isCounted(record.id, failed)).toBe(false);
      expect((await sut.get(record.id))?.uses).toBe(0);
      expect(await sut.consume(record.id, device(), now)).toBe('OK');
    });

    it('gives a use back once, however often (and however concurrently) it is asked', async () => {
      const { record } = await created({ maxUses: 3 });
      const [failed, kept] = [device(), device()];
      await sut.consume(record.id, failed, now);
      await sut.consume(record.id, kept, now);

      await Promise.all(Array.from({ length: 10 }, () => sut.refund(record.id, failed)));

      expect((await sut.get(record.id))?.uses).toBe(1);
      expect(await sut.isCounted(record.id, kept)).toBe(true);
    });

    it('keeps uses equal to the devices counted, and within maxUses, while refunds race new devices', async () => {
      const { record } = await created({ maxUses: 10 });
      const failed = Array.from({ length: 10 }, device);
      await Promise.all(failed.map((subject) => sut.consume(record.id, subject, now)));
      const newcomers = Array.from({ length: 20 }, device);

      const outcomes = await Promise.all([
        ...failed.map((subject) => sut.refund(record.id, subject).then(() => 'refunded' as const)),
        ...newcomers.map((subject) => sut.consume(record.id, subject, now)),
      ]);

      const counted = (await Promise.all([...failed, ...newcomers].map((subject) => sut.isCounted(record.id, subject)))).filter(Boolean);
      const uses = (await sut.get(record.id))!.uses;
      expect(uses).toBe(counted.length);
      expect(uses).toBe(outcomes.filter((outcome) => outcome === 'OK').length);
      expect(uses).toBeLessThanOrEqual(10);
    });

    it('never takes uses below zero: a device never counted gets nothing back', async () => {
      const { record } = await created({ maxUses: 1 });

      await sut.refund(record.id, device());

      expect((await sut.get(record.id))?.uses).toBe(0);
    });

    it('leaves no trace for an unknown token', async () => {
      const id = randomUUID();

      await sut.refund(id, device());

      expect(await redis.exists(keys.bulkToken(id), keys.bulkTokenDevices(id))).toBe(0);
    });
  });
});
