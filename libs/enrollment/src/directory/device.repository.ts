import type { RedisClient } from '../redis/redis-connection';
import type { Page } from '../paging/page';
import { LuaScript } from '../redis/lua-script';
import type { RedisBatch } from '../redis/redis-batch';
import { RedisKeys, workplaceSubject } from '../redis/redis-keys';
import claimName from './lua/claim-name-1.lua';
import claimUserPlace from './lua/claim-user-place-1.lua';
import registerDevice from './lua/register-device-4.lua';
import releaseName from './lua/release-name-2.lua';
import releaseUserPlace from './lua/release-user-place-2.lua';
import removeDevice from './lua/remove-device-3.lua';
import noteMdmEnrollment from './lua/note-mdm-enrollment-1.lua';
import replaceCertificate from './lua/replace-certificate-1.lua';
import { DeviceCertificateRef, DeviceIdentity, DeviceObject, DeviceQuery, identityOf } from './device.model';

/** The directory: device objects and the indexes that keep them unique. */
export abstract class DeviceRepository {
  abstract get(id: string): Promise<DeviceObject | null>;
  /** The active device object with this identity, if there is one. */
  abstract findActive(identity: DeviceIdentity): Promise<DeviceObject | null>;
  /**
   * Creates the object unless its identity (user@device for Workplace Join, package + serial for bulk)
   * already has an active one; either way returns the one that is.
   */
  abstract register(device: DeviceObject): Promise<{ device: DeviceObject; created: boolean }>;
  /** Reserves a device name for an object; true if it is now the object's (also when it already was). */
  abstract claimName(name: string, deviceObjectId: string): Promise<boolean>;
  /** Gives a name back, if this object holds it and no active device carries it. */
  abstract releaseName(name: string, deviceObjectId: string): Promise<void>;
  /**
   * Holds one of the user's `max` places for this user@device (once, however often it is asked); false
   * when other devices of the user hold them all. Atomic, so racing registrations never exceed `max`.
   */
  abstract claimUserPlace(upn: string, deviceId: string, max: number): Promise<boolean>;
  /** Whether a claim would succeed now; a read for a quick answer, the claim itself decides. */
  abstract hasUserPlace(upn: string, deviceId: string, max: number): Promise<boolean>;
  /** Gives the user@device's place back, unless it is registered. */
  abstract releaseUserPlace(upn: string, deviceId: string): Promise<void>;
  /**
   * Points an active object at a new certificate, atomically; idempotent. Returns the object as it is
   * afterwards, unchanged when it is removed, or null when there is none.
   */
  abstract replaceCertificate(id: string, certificate: DeviceCertificateRef): Promise<DeviceObject | null>;
  /** Marks the object removed and frees its identity, name and user place; idempotent. */
  /**
   * Tells the device object its MDM enrollment, with `batch` (the enrollment's own writes go with it),
   * unless it names one already (or `replace`); a device object that does not exist is left alone.
   * True when the device object was told now.
   */
  abstract queueNoteMdmEnrollment(batch: RedisBatch, id: string, enrollment: { id: string; enrollmentType: string }, replace?: boolean): Promise<boolean>;
  abstract remove(id: string, at: Date): Promise<DeviceObject | null>;
  abstract list(query: DeviceQuery): Promise<Page<DeviceObject>>;
}

const SCAN_PAGE = 500;

export class RedisDeviceRepository extends DeviceRepository {
  private readonly registerScript: LuaScript<[number, string?]>;
  private readonly removeScript: LuaScript<string | null>;
  private readonly replaceCertificateScript: LuaScript<string | null>;
  private readonly noteMdmEnrollmentScript: LuaScript<number>;
  private readonly claimNameScript: LuaScript<number>;
  private readonly releaseNameScript: LuaScript<number>;
  private readonly claimUserPlaceScript: LuaScript<number>;
  private readonly releaseUserPlaceScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.registerScript = new LuaScript(redis, 'register-device-4', registerDevice);
    this.removeScript = new LuaScript(redis, 'remove-device-3', removeDevice);
    this.replaceCertificateScript = new LuaScript(redis, 'replace-certificate-1', replaceCertificate);
    this.noteMdmEnrollmentScript = new LuaScript(redis, 'note-mdm-enrollment-1', noteMdmEnrollment);
    this.claimNameScript = new LuaScript(redis, 'claim-name-1', claimName);
    this.releaseNameScript = new LuaScript(redis, 'release-name-2', releaseName);
    this.claimUserPlaceScript = new LuaScript(redis, 'claim-user-place-1', claimUserPlace);
    this.releaseUserPlaceScript = new LuaScript(redis, 'release-user-place-2', releaseUserPlace);
  }

  async get(id: string): Promise<DeviceObject | null> {
    const raw = await this.redis.get(this.keys.device(id));
    return raw ? (JSON.parse(raw) as DeviceObject) : null;
  }

  async findActive(identity: DeviceIdentity): Promise<DeviceObject | null> {
    const id = await this.redis.get(this.uniquenessKey(identity));
    return id ? this.get(id) : null;
  }

  async claimName(name: string, deviceObjectId: string): Promise<boolean> {
    return (await this.claimNameScript.run([this.keys.deviceName(name)], [deviceObjectId])) === 1;
  }

  async releaseName(name: string, deviceObjectId: string): Promise<void> {
    await this.releaseNameScript.run([this.keys.deviceName(name), this.keys.device(deviceObjectId)], [deviceObjectId]);
  }

  async claimUserPlace(upn: string, deviceId: string, max: number): Promise<boolean> {
    return (await this.claimUserPlaceScript.run([this.keys.userDevices(upn)], [workplaceSubject(upn, deviceId), max])) === 1;
  }

  async hasUserPlace(upn: string, deviceId: string, max: number): Promise<boolean> {
    const key = this.keys.userDevices(upn);
    const [held, count] = await Promise.all([this.redis.sismember(key, workplaceSubject(upn, deviceId)), this.redis.scard(key)]);
    return held === 1 || count < max;
  }

  async releaseUserPlace(upn: string, deviceId: string): Promise<void> {
    await this.releaseUserPlaceScript.run([this.keys.userDevices(upn), this.keys.workplaceIndex(upn, deviceId)], [workplaceSubject(upn, deviceId)]);
  }

  async register(device: DeviceObject): Promise<{ device: DeviceObject; created: boolean }> {
    const indexKey = this.uniquenessKey(identityOf(device));
    const deviceKey = this.keys.device(device.id);
    // The script returns the object the index names; its key is passed in, so read the index first.
    for (;;) {
      const existing = await this.redis.get(indexKey);
      const [created, raw] = await this.registerScript.run(
        [indexKey, deviceKey, this.keys.deviceList, existing ? this.keys.device(existing) : deviceKey],
        [device.id, JSON.stringify(device), Date.parse(device.registeredAt), existing ?? ''],
      );
      if (created !== -1) return { device: JSON.parse(raw!) as DeviceObject, created: created === 1 };
    }
  }

  async queueNoteMdmEnrollment(batch: RedisBatch, id: string, enrollment: { id: string; enrollmentType: string }, replace = false): Promise<boolean> {
    return (await batch.run(this.noteMdmEnrollmentScript, [this.keys.device(id)], [enrollment.id, enrollment.enrollmentType, replace ? '1' : '0'])) === 1;
  }

  async replaceCertificate(id: string, certificate: DeviceCertificateRef): Promise<DeviceObject | null> {
    const raw = await this.replaceCertificateScript.run([this.keys.device(id)], [JSON.stringify(certificate)]);
    return raw ? (JSON.parse(raw) as DeviceObject) : null;
  }

  async remove(id: string, at: Date): Promise<DeviceObject | null> {
    const device = await this.get(id);
    if (!device) return null;
    // Only Entra-joined objects hold their name; the script frees the name only if this object holds it.
    const raw = await this.removeScript.run(
      [this.keys.device(id), this.uniquenessKey(identityOf(device)), this.keys.deviceName(device.displayName)],
      [at.toISOString()],
    );
    // After the script, which freed the user@device index: a retried leave runs this again.
    if (device.trustType === 'Workplace') await this.releaseUserPlace(device.userPrincipalName!, device.deviceId);
    return raw ? (JSON.parse(raw) as DeviceObject) : null;
  }

  /** Newest first. Filters are applied while paging through the directory, so they suit admin use. */
  async list(query: DeviceQuery): Promise<Page<DeviceObject>> {
    const filtered = Boolean(query.trustType || query.enrollmentType || query.user || query.name || query.serialNumber || query.status);
    if (!filtered) {
      const [total, ids] = await Promise.all([
        this.redis.zcard(this.keys.deviceList),
        this.redis.zrevrange(this.keys.deviceList, query.offset, query.offset + query.limit - 1),
      ]);
      return { items: await this.load(ids), total };
    }
    const items: DeviceObject[] = [];
    let matched = 0;
    for (let start = 0; ; start += SCAN_PAGE) {
      const ids = await this.redis.zrevrange(this.keys.deviceList, start, start + SCAN_PAGE - 1);
      for (const device of await this.load(ids)) {
        if (!matches(device, query)) continue;
        if (matched >= query.offset && items.length < query.limit) items.push(device);
        matched++;
      }
      if (ids.length < SCAN_PAGE) break;
    }
    return { items, total: matched };
  }

  /** The index that keeps one active object per identity. */
  private uniquenessKey(identity: DeviceIdentity): string {
    return identity.trustType === 'Workplace'
      ? this.keys.workplaceIndex(identity.upn, identity.deviceId)
      : this.keys.bulkDeviceIndex(identity.packageId, identity.serialNumber);
  }

  private async load(ids: string[]): Promise<DeviceObject[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.device(id)));
    return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as DeviceObject);
  }
}

function matches(device: DeviceObject, query: DeviceQuery): boolean {
  if (query.trustType && device.trustType !== query.trustType) return false;
  if (query.enrollmentType && device.enrollmentType !== query.enrollmentType) return false;
  if (query.status && device.status !== query.status) return false;
  if (query.user && device.userPrincipalName?.toLowerCase() !== query.user.toLowerCase()) return false;
  if (query.name && !device.displayName.toLowerCase().includes(query.name.toLowerCase())) return false;
  if (query.serialNumber && !serialNumbersOf(device).includes(query.serialNumber.toLowerCase())) return false;
  return true;
}

// A Workplace Join object has no serial number of its own, but Configuration Manager's hook may have given one.
function serialNumbersOf(device: DeviceObject): string[] {
  return [device.serialNumber, device.sccm?.serialNumber].filter((serial): serial is string => Boolean(serial)).map((serial) => serial.toLowerCase());
}
