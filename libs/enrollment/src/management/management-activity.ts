import { createHash } from 'node:crypto';

// The name space of this service's management activity ids (RFC 9562 name-based UUIDs); never change it:
// stored events are grouped by the ids derived from it.
const MANAGEMENT_NAMESPACE = Buffer.from('5f0d8a3e2b7c4e19a6d4c0b81e2f7a95', 'hex');

/** A version 5 UUID: the same name always gives the same id, so every process derives it alone. */
function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(MANAGEMENT_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The ActivityID of every event of one OMA-DM session, derived from the device object and the device's
 * SessionID: each message of the session, answered by any orchestrator and recorded by any worker,
 * files its events under the same activity, without the session having to store it.
 */
export function managementSessionActivityId(deviceObjectId: string, sessionId: string): string {
  return nameBasedUuid(`session\n${deviceObjectId}\n${sessionId}`);
}

/** The ActivityID of a device's unenrollment: one per device, however it was asked and however often it runs. */
export function unenrollmentActivityId(deviceObjectId: string): string {
  return nameBasedUuid(`unenroll\n${deviceObjectId}`);
}

/** The ActivityID of the revocation of a certificate a renewal replaced: one per certificate. */
export function renewedCertificateActivityId(deviceObjectId: string, serialNumber: string): string {
  return nameBasedUuid(`revoke-renewed\n${deviceObjectId}\n${serialNumber.toLowerCase()}`);
}
