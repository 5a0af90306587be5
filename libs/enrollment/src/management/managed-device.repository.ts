import type { DeviceInventory, ManagedDevice, UnenrollmentReason } from './managed-device.model';

/** The management record of each enrolled device: check-ins, inventory, unenrollment, current digest nonce. */
export abstract class ManagedDeviceRepository {
  abstract get(deviceObjectId: string): Promise<ManagedDevice | null>;
  /** Records a message of a session at `at`; `sessionStarted` counts a new session. Creates the record on first use. */
  abstract checkIn(deviceObjectId: string, mdmDeviceId: string, at: Date, sessionStarted: boolean): Promise<void>;
  /** Merges inventory fields (a later value replaces an earlier one). */
  abstract recordInventory(deviceObjectId: string, inventory: DeviceInventory, at: Date): Promise<void>;
  /** Notes an administrator's unenrollment request (kept until the device acknowledges it). */
  abstract requestUnenrollment(deviceObjectId: string, at: Date): Promise<void>;
  /** Marks the device unenrolled once: a second call returns false and changes nothing. */
  abstract markUnenrolled(deviceObjectId: string, reason: UnenrollmentReason, at: Date): Promise<boolean>;
  /** The sealed nonce the device must use in its next `Cred`; null until the first rotation (the enrollment's holds). */
  abstract clientNonce(deviceObjectId: string): Promise<string | null>;
  /** Stores the sealed nonce sent as `NextNonce`. */
  abstract setClientNonce(deviceObjectId: string, sealedNonce: string): Promise<void>;
}
