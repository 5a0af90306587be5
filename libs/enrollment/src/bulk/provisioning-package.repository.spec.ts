import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { ProvisioningPackageRecord, RedisProvisioningPackageRepository } from './provisioning-package.repository';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisProvisioningPackageRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-packages-${randomBytes(4).toString('hex')}`);
  const sut = new RedisProvisioningPackageRepository(redis, keys);
  const start = Date.parse('2026-01-01T00:00:00Z');
  let minutes = 0;

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  /** A package created a minute after the previous one, so that every list has one order. */
  const created = async (fields: Partial<ProvisioningPackageRecord> = {}): Promise<ProvisioningPackageRecord> => {
    const record: ProvisioningPackageRecord = {
      id: randomUUID(),
      version: '1.0',
      name: 'Kiosks',
      deviceNameTemplate: 'K-%RAND:5%',
      bulkTokenId: randomUUID(),
      createdAt: new Date(start + ++minutes * 60_000).toISOString(),
      ...fields,
    };
    await sut.create(record);
    return record;
  };

  it('reads a package back as created, with its nested settings', async () => {
    const record = await created({
      productKey: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE',
      hideOobe: true,
      wifi: { ssid: 'Contoso', networkType: 'wpa2-personal', key: 'sealed-key', autoConnect: true },
      apps: [{ name: 'Agent', installer: 'C:\\agent.msi', commandLine: 'msiexec /i agent.msi /qn' }],
      certificates: [{ name: 'Root', path: 'C:\\root.cer', store: 'root' }],
      mdmEnrollment: { userPrincipalName: 'enroll@contoso.com' },
    });

    expect(await sut.get(record.id)).toEqual(record);
  });

  it('returns null for an unknown package', async () => {
    expect(await sut.get(randomUUID())).toBeNull();
  });

  it('pages the packages newest first, with the total', async () => {
    // A prefix of its own, so that the other tests' packages are not in the list.
    const listingKeys = new RedisKeys(`unit-packages-${randomBytes(4).toString('hex')}`);
    const listing = new RedisProvisioningPackageRepository(redis, listingKeys);
    const records: ProvisioningPackageRecord[] = [];
    for (let i = 0; i < 5; i++) {
      const record: ProvisioningPackageRecord = {
        id: randomUUID(),
        version: '1.0',
        name: `P${i}`,
        deviceNameTemplate: 'P-%SERIAL%',
        bulkTokenId: randomUUID(),
        createdAt: new Date(start + i * 1000).toISOString(),
      };
      await listing.create(record);
      records.push(record);
    }
    try {
      expect(await listing.list({ offset: 0, limit: 2 })).toEqual({ items: [records[4], records[3]], total: 5 });
      expect(await listing.list({ offset: 3, limit: 10 })).toEqual({ items: [records[1], records[0]], total: 5 });
      expect(await listing.list({ offset: 5, limit: 2 })).toEqual({ items: [], total: 5 });
    } finally {
      const found = await redis.keys(`${listingKeys.root}:*`);
      if (found.length > 0) await redis.del(...found);
    }
  });

  describe('forEnrollmentAccount', () => {
    it("finds an account's packages oldest first, whatever the case of the UPN, and no other's", async () => {
      const account = `Enroll-${randomUUID()}@Contoso.com`;
      const first = await created({ mdmEnrollment: { userPrincipalName: account } });
      await created({ mdmEnrollment: { userPrincipalName: `other-${randomUUID()}@contoso.com` } });
      await created();
      const second = await created({ mdmEnrollment: { userPrincipalName: account.toLowerCase() } });

      expect(await sut.forEnrollmentAccount(account.toUpperCase())).toEqual([first, second]);
      expect(await sut.forEnrollmentAccount(account.toLowerCase())).toEqual([first, second]);
    });

    it('finds nothing for an account no package enrolls with', async () => {
      await created();

      expect(await sut.forEnrollmentAccount(`nobody-${randomUUID()}@contoso.com`)).toEqual([]);
    });
  });
});
