import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { InventoryDeviceInput } from './inventory-device.schema';
import { RedisInventoryRepository } from './inventory.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisInventoryRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const prefixes: RedisKeys[] = [];
  const monday = new Date('2026-03-02T08:00:00.000Z');
  const tuesday = new Date('2026-03-03T08:00:00.000Z');

  /** A repository under a prefix of its own, so that each test's list holds its own devices only. */
  const inventory = () => {
    const keys = new RedisKeys(`unit-inventory-${randomBytes(4).toString('hex')}`);
    prefixes.push(keys);
    return new RedisInventoryRepository(redis, keys);
  };

  afterAll(async () => {
    for (const keys of prefixes) {
      const found = await redis.keys(`${keys.root}:*`);
      if (found.length > 0) await redis.del(...found);
    }
    await redis.quit();
  });

  const device = (fields: Partial<InventoryDeviceInput> = {}): InventoryDeviceInput => ({
    name: `PC-${randomBytes(3).toString('hex').toUpperCase()}`,
    serialNumber: `SN${randomBytes(4).toString('hex').toUpperCase()}`,
    resourceId: 16777220,
    adSite: 'HQ',
    ...fields,
  });
  const all = { offset: 0, limit: 100 };

  it('creates new devices, in import order, stamped with the import time', async () => {
    const sut = inventory();
    const devices = [device(), device({ serialNumber: undefined, smbiosGuid: randomUUID().toUpperCase() }), device()];

    expect(await sut.upsert(devices, monday)).toEqual(['created', 'created', 'created']);

    const stamped = devices.map((each) => ({ ...each, createdAt: monday.toISOString(), updatedAt: monday.toISOString() }));
    expect(await sut.list(all)).toEqual({ items: stamped, total: 3 });
    expect(await sut.list({ offset: 1, limit: 1 })).toEqual({ items: [stamped[1]], total: 3 });
  });

  it('creates nothing when the same export is imported again, and keeps the first stamps', async () => {
    const sut = inventory();
    const devices = [device(), device()];
    await sut.upsert(devices, monday);

    expect(await sut.upsert(devices, tuesday)).toEqual(['unchanged', 'unchanged']);

    const listed = await sut.list(all);
    expect(listed.total).toBe(2);
    expect(listed.items.map((each) => [each.createdAt, each.updatedAt])).toEqual([
      [monday.toISOString(), monday.toISOString()],
      [monday.toISOString(), monday.toISOString()],
    ]);
  });

  it('updates a changed device in its place: same position, first creation time, new update time', async () => {
    const sut = inventory();
    const [first, second] = [device(), device()];
    await sut.upsert([first, second], monday);
    const renamed = { ...first, name: 'PC-RENAMED', adSite: undefined };

    expect(await sut.upsert([renamed], tuesday)).toEqual(['updated']);

    expect(await sut.list(all)).toEqual({
      items: [
        { ...renamed, createdAt: monday.toISOString(), updatedAt: tuesday.toISOString() },
        { ...second, createdAt: monday.toISOString(), updatedAt: monday.toISOString() },
      ],
      total: 2,
    });
  });

  it('takes serial numbers in any case as one device, and finds it by either', async () => {
    const sut = inventory();
    const lower = device({ serialNumber: `sn${randomBytes(4).toString('hex')}` });

    expect(await sut.upsert([lower, { ...lower, serialNumber: lower.serialNumber!.toUpperCase() }], monday)).toEqual(['created', 'updated']);

    expect((await sut.list(all)).total).toBe(1);
    expect((await sut.findBySerialNumber(lower.serialNumber!))?.serialNumber).toBe(lower.serialNumber!.toUpperCase());
    expect((await sut.findBySerialNumber(lower.serialNumber!.toUpperCase()))?.name).toBe(lower.name);
  });

  it('says, for a batch naming one device twice, created then unchanged or updated, in order', async () => {
    const sut = inventory();
    const one = device();

    expect(await sut.upsert([one, one, { ...one, name: 'PC-LATER' }], monday)).toEqual(['created', 'unchanged', 'updated']);
    expect((await sut.list(all)).items).toEqual([{ ...one, name: 'PC-LATER', createdAt: monday.toISOString(), updatedAt: monday.toISOString() }]);
  });

  it('counts each device once when two imports of overlapping exports race', async () => {
    const sut = inventory();
    const shared = Array.from({ length: 20 }, () => device());
    const [a, b] = [
      [...shared, device()],
      [device(), ...[...shared].reverse()],
    ];

    const [outcomesA, outcomesB] = await Promise.all([sut.upsert(a, monday), sut.upsert(b, monday)]);

    const createdShared = shared.filter((each) => outcomesA[a.indexOf(each)] === 'created' || outcomesB[b.indexOf(each)] === 'created');
    expect(createdShared).toHaveLength(20);
    expect([...outcomesA, ...outcomesB].filter((outcome) => outcome === 'created')).toHaveLength(22);
    const listed = await sut.list(all);
    expect(listed.total).toBe(22);
    expect(new Set(listed.items.map((each) => each.serialNumber)).size).toBe(22);
  });

  it('returns null for a serial number never imported, and for the SMBIOS GUID of a record kept by its GUID', async () => {
    const sut = inventory();
    const guidOnly = device({ serialNumber: undefined, smbiosGuid: randomUUID().toUpperCase() });
    await sut.upsert([guidOnly], monday);

    expect(await sut.findBySerialNumber(`SN${randomBytes(4).toString('hex')}`)).toBeNull();
    expect(await sut.findBySerialNumber(guidOnly.smbiosGuid!)).toBeNull();
  });

  it('does nothing for an empty batch, and lists an empty inventory', async () => {
    const sut = inventory();

    expect(await sut.upsert([], monday)).toEqual([]);
    expect(await sut.list(all)).toEqual({ items: [], total: 0 });
  });
});
