import type { RedisClient } from '../redis/redis-connection';
import type { DeviceRepository } from '../directory/device.repository';
import { LuaScript } from '../redis/lua-script';
import { RedisBatch } from '../redis/redis-batch';
import { RedisKeys } from '../redis/redis-keys';
import enrollMdm from './lua/enroll-mdm-3.lua';

/**
 * How a bulk-enrolled device is enrolled: joined to Entra ID with the bulk token, or enrolled straight
 * into this service (a package with `mdmEnrollment`).
 */
export type MdmEnrollmentType = 'windowsBulkAzureDomainJoin' | 'windowsBulkUserless';

/**
 * How this service manages a device that enrolled by itself: its MDM DeviceID, the certificate store its
 * certificate lives in, and the nonces of its management sessions, sealed (see `openManagementNonces`).
 */
export interface MdmManagement {
  mdmDeviceId: string;
  certificateStore: 'User' | 'System';
  /** Sealed with the `MDM_NONCE_PURPOSE` box; never shown. */
  clientNonce: string;
  /** Sealed with the `MDM_NONCE_PURPOSE` box; never shown. */
  serverNonce: string;
}

/** An Intune-style MDM enrollment record of a bulk-enrolled (userless) device. */
export interface MdmEnrollment {
  id: string;
  deviceObjectId: string;
  enrollmentType: MdmEnrollmentType;
  userless: true;
  managementAgent: 'mdm';
  conditionalAccessEligible: boolean;
  osVersion: string;
  osBuild: number;
  requestId: string;
  enrolledAt: string;
  management?: MdmManagement;
}

export abstract class MdmEnrollmentRepository {
  /** Enrolls the device once: a second call for the same device returns the first enrollment. */
  abstract enroll(enrollment: MdmEnrollment): Promise<MdmEnrollment>;
  abstract forDevice(deviceObjectId: string): Promise<MdmEnrollment | null>;
  abstract count(): Promise<number>;
}

export class RedisMdmEnrollmentRepository extends MdmEnrollmentRepository {
  private readonly enrollScript: LuaScript<[created: 0 | 1, enrollmentOrId: string]>;

  /** `devices` owns the device objects: it is asked to tell one its enrollment. */
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly devices: DeviceRepository,
  ) {
    super();
    this.enrollScript = new LuaScript(redis, 'enroll-mdm-3', enrollMdm);
  }

  async enroll(enrollment: MdmEnrollment): Promise<MdmEnrollment> {
    // One transaction: the enrollment and its device object's note of it.
    const batch = new RedisBatch(this.redis);
    const enrolled = batch.run(
      this.enrollScript,
      [this.keys.mdmEnrollmentByDevice(enrollment.deviceObjectId), this.keys.mdmEnrollment(enrollment.id), this.keys.mdmEnrollmentList],
      [enrollment.id, JSON.stringify(enrollment), Date.parse(enrollment.enrolledAt)],
    );
    const noted = this.devices.queueNoteMdmEnrollment(batch, enrollment.deviceObjectId, enrollment);
    await batch.exec();
    const [created, enrollmentOrId] = await enrolled;
    if (created === 1) return JSON.parse(enrollmentOrId) as MdmEnrollment;
    const raw = await this.redis.get(this.keys.mdmEnrollment(enrollmentOrId));
    if (!raw) throw new Error(`MDM enrollment ${enrollmentOrId} of device ${enrollment.deviceObjectId} is missing`);
    const first = JSON.parse(raw) as MdmEnrollment;
    // The device was enrolled already and its object named no enrollment: it was just told this call's, not the one kept.
    if (await noted) {
      const fix = new RedisBatch(this.redis);
      const fixed = this.devices.queueNoteMdmEnrollment(fix, enrollment.deviceObjectId, first, true);
      await fix.exec();
      await fixed;
    }
    return first;
  }

  async forDevice(deviceObjectId: string): Promise<MdmEnrollment | null> {
    const id = await this.redis.get(this.keys.mdmEnrollmentByDevice(deviceObjectId));
    const raw = id ? await this.redis.get(this.keys.mdmEnrollment(id)) : null;
    return raw ? (JSON.parse(raw) as MdmEnrollment) : null;
  }

  count(): Promise<number> {
    return this.redis.zcard(this.keys.mdmEnrollmentList);
  }
}
