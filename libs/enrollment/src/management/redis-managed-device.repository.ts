import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
import { RedisKeys } from '../redis/redis-keys';
import { DeviceInventory, INVENTORY_NODES, ManagedDevice, UnenrollmentReason } from './managed-device.model';
import { ManagedDeviceRepository } from './managed-device.repository';
import checkInManagedDevice from './lua/check-in-managed-device-1.lua';
import markUnenrolled from './lua/mark-unenrolled-1.lua';
import requestUnenrollment from './lua/request-unenrollment-1.lua';

const INVENTORY_FIELD = 'inventory.';
const INVENTORY_FIELDS = new Set(Object.keys(INVENTORY_NODES));

/**
 * Each device's record in one hash, inventory fields flattened into it (`inventory.<field>`) so that a
 * merge is one HSET. The sealed nonce lives in the same hash and is never part of the record read.
 * A device is known (`get`) from its first check-in: what was noted of it before shows from then on.
 */
export class RedisManagedDeviceRepository extends ManagedDeviceRepository {
  private readonly checkInScript: LuaScript<number>;
  private readonly requestUnenrollmentScript: LuaScript<0 | 1>;
  private readonly markUnenrolledScript: LuaScript<0 | 1>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.checkInScript = new LuaScript(redis, 'check-in-managed-device-1', checkInManagedDevice);
    this.requestUnenrollmentScript = new LuaScript(redis, 'request-unenrollment-1', requestUnenrollment);
    this.markUnenrolledScript = new LuaScript(redis, 'mark-unenrolled-1', markUnenrolled);
  }

  async get(deviceObjectId: string): Promise<ManagedDevice | null> {
    const hash = await this.redis.hgetall(this.keys.managedDevice(deviceObjectId));
    // A device unenrolled before it ever checked in has a record too: its unenrollment.
    if (!hash.mdmDeviceId && !hash.unenrolledAt && !hash.unenrollRequestedAt) return null;
    const inventory: DeviceInventory = {};
    for (const [field, value] of Object.entries(hash)) {
      const name = field.slice(INVENTORY_FIELD.length);
      if (field.startsWith(INVENTORY_FIELD) && INVENTORY_FIELDS.has(name)) inventory[name as keyof DeviceInventory] = value;
    }
    const device: ManagedDevice = { deviceObjectId, sessions: hash.sessions ? Number(hash.sessions) : 0 };
    if (hash.mdmDeviceId) device.mdmDeviceId = hash.mdmDeviceId;
    if (hash.lastCheckInAt) device.lastCheckInAt = hash.lastCheckInAt;
    if (hash.inventoryAt) {
      device.inventory = inventory;
      device.inventoryAt = hash.inventoryAt;
    }
    if (hash.unenrollRequestedAt) device.unenrollRequestedAt = hash.unenrollRequestedAt;
    if (hash.unenrolledAt) device.unenrolledAt = hash.unenrolledAt;
    if (hash.unenrollReason) device.unenrollReason = hash.unenrollReason as UnenrollmentReason;
    return device;
  }

  async checkIn(deviceObjectId: string, mdmDeviceId: string, at: Date, sessionStarted: boolean): Promise<void> {
    await this.checkInScript.run([this.keys.managedDevice(deviceObjectId)], [mdmDeviceId, at.toISOString(), sessionStarted ? 1 : 0]);
  }

  async recordInventory(deviceObjectId: string, inventory: DeviceInventory, at: Date): Promise<void> {
    const fields: Record<string, string> = { inventoryAt: at.toISOString() };
    for (const [field, value] of Object.entries(inventory) as Array<[keyof DeviceInventory, string | undefined]>) {
      if (INVENTORY_FIELDS.has(field) && value !== undefined && value !== '') fields[`${INVENTORY_FIELD}${field}`] = value;
    }
    await this.redis.hset(this.keys.managedDevice(deviceObjectId), fields);
  }

  async requestUnenrollment(deviceObjectId: string, at: Date): Promise<void> {
    await this.requestUnenrollmentScript.run([this.keys.managedDevice(deviceObjectId)], [at.toISOString()]);
  }

  async markUnenrolled(deviceObjectId: string, reason: UnenrollmentReason, at: Date): Promise<boolean> {
    return (await this.markUnenrolledScript.run([this.keys.managedDevice(deviceObjectId)], [at.toISOString(), reason])) === 1;
  }

  clientNonce(deviceObjectId: string): Promise<string | null> {
    return this.redis.hget(this.keys.managedDevice(deviceObjectId), 'clientNonce');
  }

  async setClientNonce(deviceObjectId: string, sealedNonce: string): Promise<void> {
    await this.redis.hset(this.keys.managedDevice(deviceObjectId), 'clientNonce', sealedNonce);
  }
}
