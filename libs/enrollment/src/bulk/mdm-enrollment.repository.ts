import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
import { RedisKeys } from '../redis/redis-keys';
import enrollMdm from './lua/enroll-mdm-4.lua';

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

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.enrollScript = new LuaScript(redis, 'enroll-mdm-4', enrollMdm);
  }

  async enroll(enrollment: MdmEnrollment): Promise<MdmEnrollment> {
    const [created, enrollmentOrId] = await this.enrollScript.run(
      [
        this.keys.mdmEnrollmentByDevice(enrollment.deviceObjectId),
        this.keys.mdmEnrollment(enrollment.id),
        this.keys.mdmEnrollmentList,
        this.keys.device(enrollment.deviceObjectId),
      ],
      [enrollment.id, JSON.stringify(enrollment), Date.parse(enrollment.enrolledAt), enrollment.enrollmentType],
    );
    if (created === 1) return JSON.parse(enrollmentOrId) as MdmEnrollment;
    // Another run enrolled the device first: its enrollment is the one kept.
    const raw = await this.redis.get(this.keys.mdmEnrollment(enrollmentOrId));
    if (!raw) throw new Error(`MDM enrollment ${enrollmentOrId} of device ${enrollment.deviceObjectId} is missing`);
    return JSON.parse(raw) as MdmEnrollment;
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
