import type { RedisClient } from '../redis/redis-connection';
import type { ProvisioningPackageInput } from './';
import type { Page, PageRequest } from '../paging/page';
import { RedisKeys } from '../redis/redis-keys';

/** A provisioning package as stored: the wizard's fields, no token value. */
export interface ProvisioningPackageRecord extends Omit<ProvisioningPackageInput, 'password'> {
  id: string;
  version: string;
  /** Written by earlier versions, which took a package password they could not use; never shown. */
  passwordHash?: string;
  createdAt: string;
}

export abstract class ProvisioningPackageRepository {
  abstract create(record: ProvisioningPackageRecord): Promise<void>;
  abstract get(packageId: string): Promise<ProvisioningPackageRecord | null>;
  /** Newest first. */
  abstract list(page: PageRequest): Promise<Page<ProvisioningPackageRecord>>;
  /** The packages whose devices enroll over MS-MDE2 with this account (UPN, any case), oldest first. */
  abstract forEnrollmentAccount(upn: string): Promise<ProvisioningPackageRecord[]>;
}

export class RedisProvisioningPackageRepository extends ProvisioningPackageRepository {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
  }

  async create(record: ProvisioningPackageRecord): Promise<void> {
    const created = Date.parse(record.createdAt);
    const multi = this.redis
      .multi()
      .set(this.keys.provisioningPackage(record.id), JSON.stringify(record))
      .zadd(this.keys.provisioningPackageList, created, record.id);
    const account = record.mdmEnrollment?.userPrincipalName;
    if (account) multi.zadd(this.keys.provisioningPackagesByAccount(account), created, record.id);
    await multi.exec();
  }

  async get(packageId: string): Promise<ProvisioningPackageRecord | null> {
    const raw = await this.redis.get(this.keys.provisioningPackage(packageId));
    return raw ? (JSON.parse(raw) as ProvisioningPackageRecord) : null;
  }

  async list({ offset, limit }: PageRequest): Promise<Page<ProvisioningPackageRecord>> {
    const [total, ids] = await Promise.all([
      this.redis.zcard(this.keys.provisioningPackageList),
      this.redis.zrevrange(this.keys.provisioningPackageList, offset, offset + limit - 1),
    ]);
    if (ids.length === 0) return { items: [], total };
    const raws = await this.redis.mget(ids.map((id) => this.keys.provisioningPackage(id)));
    const items = raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as ProvisioningPackageRecord);
    return { items, total };
  }

  async forEnrollmentAccount(upn: string): Promise<ProvisioningPackageRecord[]> {
    const ids = await this.redis.zrange(this.keys.provisioningPackagesByAccount(upn), 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.provisioningPackage(id)));
    return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as ProvisioningPackageRecord);
  }
}
