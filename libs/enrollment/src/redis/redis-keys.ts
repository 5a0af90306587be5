import { createHash } from 'node:crypto';

/**
 * Every key the service writes, in one place, all under `{REDIS_PREFIX}` so instances can share a Redis.
 * The braces are a Redis Cluster hash tag: all of an instance's keys hash to one slot, so the Lua
 * scripts and transactions that update several of them at once also run on a cluster.
 */
export class RedisKeys {
  /** What every key starts with, e.g. `{eo}`. */
  readonly root: string;

  constructor(prefix: string) {
    this.root = RedisKeys.root(prefix);
  }

  static root(prefix: string): string {
    return `{${prefix}}`;
  }

  /** BullMQ's own prefix: queue keys become `{prefix}:bull:<queue>:…`, in the same slot. */
  get bullPrefix(): string {
    return `${this.root}:bull`;
  }

  request(requestId: string): string {
    return `${this.root}:request:${requestId}`;
  }
  /** Requests recorded whose job is not yet known to be queued, by time of recording (ms). */
  get unconfirmedRequests(): string {
    return `${this.root}:requests:unconfirmed`;
  }
  /** Holds the id of the one request in flight for a user@device, so concurrent logons share it. */
  inFlight(subject: string): string {
    return `${this.root}:inflight:${subject}`;
  }

  device(deviceObjectId: string): string {
    return `${this.root}:dir:device:${deviceObjectId}`;
  }
  /** user@device → active device object id (Workplace Join). */
  workplaceIndex(upn: string, deviceId: string): string {
    return `${this.root}:dir:wpj:${workplaceSubject(upn, deviceId)}`;
  }
  /** The user@device subjects holding one of a user's places (MAX_DEVICES_PER_USER); keyed by a hash of the UPN. */
  userDevices(upn: string): string {
    return `${this.root}:dir:user-devices:${createHash('sha256').update(upn.toLowerCase()).digest('hex').slice(0, 32)}`;
  }
  /** packageId + serial number → active device object id (bulk enrollment). */
  bulkDeviceIndex(packageId: string, serialNumber: string): string {
    return `${this.root}:dir:bulk:${bulkSubject(packageId, serialNumber)}`;
  }
  /** Device name → the device object that holds it; names are unique among active bulk devices. */
  deviceName(name: string): string {
    return `${this.root}:dir:name:${name.toUpperCase()}`;
  }
  get deviceList(): string {
    return `${this.root}:dir:devices`;
  }

  bulkToken(tokenId: string): string {
    return `${this.root}:bulk:token:${tokenId}`;
  }
  bulkTokenByHash(tokenHash: string): string {
    return `${this.root}:bulk:token-hash:${tokenHash}`;
  }
  /** The devices (package + serial) a token's uses were counted for, so each counts once. */
  bulkTokenDevices(tokenId: string): string {
    return `${this.root}:bulk:token:${tokenId}:devices`;
  }
  get bulkTokenList(): string {
    return `${this.root}:bulk:tokens`;
  }
  provisioningPackage(packageId: string): string {
    return `${this.root}:bulk:package:${packageId}`;
  }
  get provisioningPackageList(): string {
    return `${this.root}:bulk:packages`;
  }

  /** Packages that enroll devices over MS-MDE2 with this account (lower-case UPN), oldest first. */
  provisioningPackagesByAccount(upn: string): string {
    return `${this.root}:bulk:packages:by-account:${upn.toLowerCase()}`;
  }

  mdmEnrollment(enrollmentId: string): string {
    return `${this.root}:mdm:enrollment:${enrollmentId}`;
  }
  mdmEnrollmentByDevice(deviceObjectId: string): string {
    return `${this.root}:mdm:device:${deviceObjectId}`;
  }
  get mdmEnrollmentList(): string {
    return `${this.root}:mdm:enrollments`;
  }

  /** A device's management commands (hash: command id → JSON). */
  deviceCommands(deviceObjectId: string): string {
    return `${this.root}:mdm:commands:${deviceObjectId}`;
  }
  /** Every command kept of a device, in the order queued (zset scored by position). */
  deviceCommandOrder(deviceObjectId: string): string {
    return `${this.root}:mdm:commands:${deviceObjectId}:order`;
  }
  /** A device's commands not yet answered nor expired, by the same position. */
  openDeviceCommands(deviceObjectId: string): string {
    return `${this.root}:mdm:commands:${deviceObjectId}:open`;
  }
  /** A device's answered or expired commands, by completion time (ms): the oldest are forgotten first. */
  finishedDeviceCommands(deviceObjectId: string): string {
    return `${this.root}:mdm:commands:${deviceObjectId}:finished`;
  }
  /** What the management server knows of an enrolled device (hash). */
  managedDevice(deviceObjectId: string): string {
    return `${this.root}:mdm:managed:${deviceObjectId}`;
  }
  /** One OMA-DM session's state; the device's SessionID is any text, so it is hex-encoded. */
  managementSession(deviceObjectId: string, sessionId: string): string {
    return `${this.root}:mdm:session:${deviceObjectId}:${Buffer.from(sessionId, 'utf8').toString('hex')}`;
  }

  /** A Configuration Manager inventory record, by identity (`sn:<SERIAL>` or `guid:<SMBIOS GUID>`). */
  inventoryDevice(identity: string): string {
    return `${this.root}:inventory:device:${identity}`;
  }
  /** Inventory identities in import order (scored by `inventorySequence`). */
  get inventoryList(): string {
    return `${this.root}:inventory:devices`;
  }
  get inventorySequence(): string {
    return `${this.root}:inventory:seq`;
  }

  certificate(serialHex: string): string {
    return `${this.root}:pki:cert:${serialHex}`;
  }
  /** The serial of the one certificate a request issued (a string, set once). */
  requestCertificate(requestId: string): string {
    return `${this.root}:pki:request-cert:${requestId}`;
  }
  get ca(): string {
    return `${this.root}:pki:ca`;
  }
  get revoked(): string {
    return `${this.root}:pki:revoked`;
  }
  get crl(): string {
    return `${this.root}:pki:crl`;
  }
  get crlNumber(): string {
    return `${this.root}:pki:crl-number`;
  }

  /** A Configuration Manager hook event already received, so a replay is not enqueued twice. */
  hookEvent(eventId: string): string {
    return `${this.root}:hook:event:${eventId}`;
  }

  /** Requests of one client in one minute, shared by every orchestrator. */
  rateWindow(client: string, minute: number): string {
    return `${this.root}:ratelimit:${client}:${minute}`;
  }

  get stepDurations(): string {
    return `${this.root}:metrics:step-durations`;
  }
  get outcomes(): string {
    return `${this.root}:metrics:outcomes`;
  }

  get devIdentityProvider(): string {
    return `${this.root}:dev:adfs-key`;
  }
  get devAdminKey(): string {
    return `${this.root}:dev:admin-key`;
  }

  requestEvents(requestId: string): string {
    return `${this.root}:events:request:${requestId}`;
  }
  deviceEvents(deviceObjectId: string): string {
    return `${this.root}:events:device:${deviceObjectId}`;
  }
  get eventStream(): string {
    return `${this.root}:events:stream`;
  }
  get eventSequence(): string {
    return `${this.root}:events:seq`;
  }
}

/** A stable key for one device of one provisioning package (serial numbers compared case-insensitively). */
export function bulkSubject(packageId: string, serialNumber: string): string {
  return createHash('sha256').update(`${packageId.toLowerCase()}|${serialNumber.toUpperCase()}`).digest('hex').slice(0, 32);
}

/** A stable, case-insensitive key for one user on one device; hashed so no UPN appears in key names. */
export function workplaceSubject(upn: string, deviceId: string): string {
  return createHash('sha256').update(`${upn.toLowerCase()}|${deviceId.toLowerCase()}`).digest('hex').slice(0, 32);
}
