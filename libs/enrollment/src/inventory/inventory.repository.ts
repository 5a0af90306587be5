import type { RedisClient } from '../redis/redis-connection';
import type { Page, PageRequest } from '../paging/page';
import { LuaScript } from '../redis/lua-script';
import upsertInventoryDevice from './lua/upsert-inventory-device-3.lua';
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

export class RedisInventoryRepository extends InventoryRepository {
  private readonly upsertScript: LuaScript<InventoryUpsertOutcome>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.upsertScript = new LuaScript(redis, 'upsert-inventory-device-3', upsertInventoryDevice);
  }

  async upsert(devices: readonly InventoryDeviceInput[], at: Date): Promise<InventoryUpsertOutcome[]> {
    if (devices.length === 0) return [];
    // One MULTI for the batch, so that two imports running at once still count each record once.
    const batch = this.redis.multi();
    for (const device of devices) {
      const identity = inventoryIdentity(device);
      this.upsertScript.queue(
        batch,
        [this.keys.inventoryList, this.keys.inventorySequence, this.keys.inventoryDevice(identity)],
        [at.toISOString(), identity, canonicalRecord(device)],
      );
    }
    const results = await batch.exec();
    if (!results) throw new Error('Inventory import transaction was aborted');
    return results.map(([error, outcome]) => {
      if (error) throw error;
      return outcome as InventoryUpsertOutcome;
    });
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
