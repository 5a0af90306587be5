import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
import { RedisKeys } from '../redis/redis-keys';

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

// The device object learns its enrollment type in the same step, so directory filters can use it.
const ENROLL = `
local existing = redis.call('GET', KEYS[1])
if existing then return redis.call('GET', ARGV[4] .. existing) end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
local raw = redis.call('GET', KEYS[4])
if raw then
  local device = cjson.decode(raw)
  device.enrollmentType = ARGV[5]
  device.mdmEnrollmentId = ARGV[1]
  redis.call('SET', KEYS[4], cjson.encode(device))
end
return ARGV[2]`;

export class RedisMdmEnrollmentRepository extends MdmEnrollmentRepository {
  private readonly enrollScript: LuaScript<string>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.enrollScript = new LuaScript(redis, ENROLL);
  }

  async enroll(enrollment: MdmEnrollment): Promise<MdmEnrollment> {
    const key = this.keys.mdmEnrollment(enrollment.id);
    const raw = await this.enrollScript.run(
      [
        this.keys.mdmEnrollmentByDevice(enrollment.deviceObjectId),
        key,
        this.keys.mdmEnrollmentList,
        this.keys.device(enrollment.deviceObjectId),
      ],
      [
        enrollment.id,
        JSON.stringify(enrollment),
        Date.parse(enrollment.enrolledAt),
        key.slice(0, -enrollment.id.length),
        enrollment.enrollmentType,
      ],
    );
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
