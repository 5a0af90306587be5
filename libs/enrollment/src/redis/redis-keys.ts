import { createHash } from 'node:crypto';

/** Every key the service writes, in one place, all under REDIS_PREFIX so instances can share a Redis. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** BullMQ's own prefix: queue keys become `<prefix>:bull:<queue>:…`. */
  get bullPrefix(): string {
    return `${this.prefix}:bull`;
  }

  request(requestId: string): string {
    return `${this.prefix}:request:${requestId}`;
  }
  /** Holds the id of the one request in flight for a user@device, so concurrent logons share it. */
  inFlight(subject: string): string {
    return `${this.prefix}:inflight:${subject}`;
  }

  device(deviceObjectId: string): string {
    return `${this.prefix}:dir:device:${deviceObjectId}`;
  }
  /** user@device → active device object id (Workplace Join). */
  workplaceIndex(upn: string, deviceId: string): string {
    return `${this.prefix}:dir:wpj:${workplaceSubject(upn, deviceId)}`;
  }
  /** packageId + serial number → active device object id (bulk enrollment). */
  bulkDeviceIndex(packageId: string, serialNumber: string): string {
    return `${this.prefix}:dir:bulk:${bulkSubject(packageId, serialNumber)}`;
  }
  /** Device name → the device object that holds it; names are unique among active bulk devices. */
  deviceName(name: string): string {
    return `${this.prefix}:dir:name:${name.toUpperCase()}`;
  }
  get deviceList(): string {
    return `${this.prefix}:dir:devices`;
  }

  bulkToken(tokenId: string): string {
    return `${this.prefix}:bulk:token:${tokenId}`;
  }
  bulkTokenByHash(tokenHash: string): string {
    return `${this.prefix}:bulk:token-hash:${tokenHash}`;
  }
  /** The devices (package + serial) a token's uses were counted for, so each counts once. */
  bulkTokenDevices(tokenId: string): string {
    return `${this.prefix}:bulk:token:${tokenId}:devices`;
  }
  get bulkTokenList(): string {
    return `${this.prefix}:bulk:tokens`;
  }
  provisioningPackage(packageId: string): string {
    return `${this.prefix}:bulk:package:${packageId}`;
  }
  get provisioningPackageList(): string {
    return `${this.prefix}:bulk:packages`;
  }

  mdmEnrollment(enrollmentId: string): string {
    return `${this.prefix}:mdm:enrollment:${enrollmentId}`;
  }
  mdmEnrollmentByDevice(deviceObjectId: string): string {
    return `${this.prefix}:mdm:device:${deviceObjectId}`;
  }
  get mdmEnrollmentList(): string {
    return `${this.prefix}:mdm:enrollments`;
  }

  certificate(serialHex: string): string {
    return `${this.prefix}:pki:cert:${serialHex}`;
  }
  get ca(): string {
    return `${this.prefix}:pki:ca`;
  }
  get revoked(): string {
    return `${this.prefix}:pki:revoked`;
  }
  get crl(): string {
    return `${this.prefix}:pki:crl`;
  }
  get crlNumber(): string {
    return `${this.prefix}:pki:crl-number`;
  }

  /** A Configuration Manager hook event already received, so a replay is not enqueued twice. */
  hookEvent(eventId: string): string {
    return `${this.prefix}:hook:event:${eventId}`;
  }

  /** Requests of one client in one minute, shared by every orchestrator. */
  rateWindow(client: string, minute: number): string {
    return `${this.prefix}:ratelimit:${client}:${minute}`;
  }

  get stepDurations(): string {
    return `${this.prefix}:metrics:step-durations`;
  }
  get outcomes(): string {
    return `${this.prefix}:metrics:outcomes`;
  }

  get devIdentityProvider(): string {
    return `${this.prefix}:dev:adfs-key`;
  }
  get devAdminKey(): string {
    return `${this.prefix}:dev:admin-key`;
  }

  requestEvents(requestId: string): string {
    return `${this.prefix}:events:request:${requestId}`;
  }
  deviceEvents(deviceObjectId: string): string {
    return `${this.prefix}:events:device:${deviceObjectId}`;
  }
  get eventStream(): string {
    return `${this.prefix}:events:stream`;
  }
  get eventSequence(): string {
    return `${this.prefix}:events:seq`;
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
