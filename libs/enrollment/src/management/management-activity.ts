import { nameBasedUuid } from '../crypto/name-based-uuid';

// The name space of this service's management activity ids (RFC 9562 name-based UUIDs); never change it:
// stored events are grouped by the ids derived from it.
const MANAGEMENT_NAMESPACE = Buffer.from('5f0d8a3e2b7c4e19a6d4c0b81e2f7a95', 'hex');
const activityId = (name: string) => nameBasedUuid(MANAGEMENT_NAMESPACE, name);

/**
 * The ActivityID of every event of one OMA-DM session, derived from the device object and the device's
 * SessionID: each message of the session, answered by any orchestrator and recorded by any worker,
 * files its events under the same activity, without the session having to store it.
 */
export function managementSessionActivityId(deviceObjectId: string, sessionId: string): string {
  return activityId(`session\n${deviceObjectId}\n${sessionId}`);
}

/** The ActivityID of a device's unenrollment: one per device, however it was asked and however often it runs. */
export function unenrollmentActivityId(deviceObjectId: string): string {
  return activityId(`unenroll\n${deviceObjectId}`);
}

/** The ActivityID of the revocation of a certificate a renewal replaced: one per certificate. */
export function renewedCertificateActivityId(deviceObjectId: string, serialNumber: string): string {
  return activityId(`revoke-renewed\n${deviceObjectId}\n${serialNumber.toLowerCase()}`);
}
