import type { RedisClient } from '../redis/redis-connection';
import type { Page, PageRequest } from '../paging/page';
import { LuaScript } from '../redis/lua-script';
import { RedisKeys } from '../redis/redis-keys';
import { InventoryDevice, InventoryDeviceInput, inventoryIdentity, serialIdentity } from './inventory-device.schema';

export type InventoryUpsertOutcome = 'created' | 'updated' | 'unchanged';

/** The devices Configuration Manager knows, imported from its exports. */
export abstract class InventoryRepository {
  /**
   * Stores each device under its identity (serial number, else SMBIOS GUID) and says, in order, whether it
   * was new, changed or already so: importing the same export twice creates nothing.
   */
  abstract upsert(devices: readonly InventoryDeviceInput[], at: Date): Promise<InventoryUpsertOutcome[]>;
  /** In import order. */
  abstract list(page: PageRequest): Promise<Page<InventoryDevice>>;
  /** The record of this serial number (compared case-insensitively), if one was imported. */
  abstract findBySerialNumber(serialNumber: string): Promise<InventoryDevice | null>;
}

// One script per batch, so that two imports running at once still count each record once.
const UPSERT = `
local n = #KEYS - 2
local results = {}
for j = 1, n do
  local key, identity, record = KEYS[2 + j], ARGV[1 + j], ARGV[1 + n + j]
  local existing = redis.call('HGET', key, 'record')
  if not existing then
    redis.call('HSET', key, 'record', record, 'createdAt', ARGV[1], 'updatedAt', ARGV[1])
    redis.call('ZADD', KEYS[1], 'NX', redis.call('INCR', KEYS[2]), identity)
    results[j] = 'created'
  elseif existing == record then
    results[j] = 'unchanged'
  else
    redis.call('HSET', key, 'record', record, 'updatedAt', ARGV[1])
    results[j] = 'updated'
  end
end
return results`;

export class RedisInventoryRepository extends InventoryRepository {
  private readonly upsertScript: LuaScript<InventoryUpsertOutcome[]>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.upsertScript = new LuaScript(redis, UPSERT);
  }

  async upsert(devices: readonly InventoryDeviceInput[], at: Date): Promise<InventoryUpsertOutcome[]> {
    if (devices.length === 0) return [];
    const identities = devices.map(inventoryIdentity);
    return this.upsertScript.run(
      [this.keys.inventoryList, this.keys.inventorySequence, ...identities.map((id) => this.keys.inventoryDevice(id))],
      [at.toISOString(), ...identities, ...devices.map(canonicalRecord)],
    );
  }

  async list({ offset, limit }: PageRequest): Promise<Page<InventoryDevice>> {
    const [total, identities] = await Promise.all([
      this.redis.zcard(this.keys.inventoryList),
      this.redis.zrange(this.keys.inventoryList, offset, offset + limit - 1),
    ]);
    const pipeline = this.redis.pipeline();
    for (const identity of identities) pipeline.hgetall(this.keys.inventoryDevice(identity));
    const results = (await pipeline.exec()) ?? [];
    const items = results.map(([, hash]) => toDevice(hash as Record<string, string>)).filter((device) => device !== null);
    return { items, total };
  }

  async findBySerialNumber(serialNumber: string): Promise<InventoryDevice | null> {
    return toDevice(await this.redis.hgetall(this.keys.inventoryDevice(serialIdentity(serialNumber))));
  }
}

/** The same device always gives the same string, so the script can tell "unchanged" by comparing. */
function canonicalRecord(device: InventoryDeviceInput): string {
  const { name, serialNumber, smbiosGuid, resourceId, adSite } = device;
  return JSON.stringify({ name, serialNumber, smbiosGuid, resourceId, adSite });
}

function toDevice(hash: Record<string, string>): InventoryDevice | null {
  if (!hash.record) return null;
  return { ...(JSON.parse(hash.record) as InventoryDeviceInput), createdAt: hash.createdAt, updatedAt: hash.updatedAt };
}
