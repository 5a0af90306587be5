import { randomBytes, randomUUID } from 'node:crypto';

/** Windows 10 22H2 with a late-2023 cumulative update, as OSVersion and ApplicationVersion say it. */
export const WINDOWS_10_22H2_BUILD = '10.0.19045.3803';
/** OSEdition 48: Windows 10 Pro (PRODUCT_PROFESSIONAL). */
export const WINDOWS_PRO_EDITION = '48';
export const WINDOWS_DEVICE_TYPE = 'CIMClient_Windows';
/** The MS-MDE2 version Windows 10 asks for in Discover and RequestSecurityToken. */
export const REQUEST_VERSION = '4.0';

/**
 * Windows sends the same MessageID in every enrollment of a given message type; so does the simulator,
 * which shows that the server keys nothing on it.
 */
export const MESSAGE_IDS = {
  discover: 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478',
  getPolicies: 'urn:uuid:72048b64-0f19-448f-8c2e-b4c661860aa0',
  requestSecurityToken: 'urn:uuid:0d5a1441-5891-453b-becf-a2e5f6ea3749',
} as const;

/** What a Windows 10 device says about itself in the AdditionalContext of its RequestSecurityToken. */
export interface WindowsIdentity {
  /** The MDM DeviceID: 32 upper-case hex digits, also the request's device id in the CSR. */
  deviceId: string;
  /** HWDevID: 64 upper-case hex digits, a hash of the hardware. */
  hardwareId: string;
  /** NetBIOS name (at most 15 characters: letters, digits, hyphens; not all digits). */
  deviceName: string;
  /** Two adapters, as Windows writes MACs: upper-case hex pairs joined by hyphens. */
  macAddresses: [string, string];
  /** The GUID Windows puts before `!` in the CSR's CN. */
  requestGuid: string;
}

/**
 * A fresh identity for the bulk device with this (0-based) index: random ids, and a name made of the
 * run's tag and the index, so that names are unique within a run and between runs.
 */
export function windowsIdentity(tag: string, index: number): WindowsIdentity {
  return {
    deviceId: randomBytes(16).toString('hex').toUpperCase(),
    hardwareId: randomBytes(32).toString('hex').toUpperCase(),
    deviceName: windowsDeviceName(tag, index),
    macAddresses: [macAddress(), macAddress()],
    requestGuid: randomUUID().toUpperCase(),
  };
}

/** `W-`, the run tag, `-` and the index in base 36: at most 15 characters for up to 36^6 devices. */
export function windowsDeviceName(tag: string, index: number): string {
  return `W-${tag}-${index.toString(36).toUpperCase()}`;
}

/**
 * The AdditionalContext of a Windows 10 device enrollment (EnrollmentType Device, from a provisioning
 * package), in the order Windows sends the items; MAC once per adapter.
 */
export function additionalContext(identity: WindowsIdentity): Array<[string, string]> {
  return [
    ['UXInitiated', 'false'],
    ['HWDevID', identity.hardwareId],
    ['Locale', 'en-US'],
    ['TargetedUserLoggedIn', 'false'],
    ['OSEdition', WINDOWS_PRO_EDITION],
    ['DeviceName', identity.deviceName],
    ...identity.macAddresses.map((mac): [string, string] => ['MAC', mac]),
    ['DeviceID', identity.deviceId],
    ['EnrollmentType', 'Device'],
    ['DeviceType', WINDOWS_DEVICE_TYPE],
    ['OSVersion', WINDOWS_10_22H2_BUILD],
    ['ApplicationVersion', WINDOWS_10_22H2_BUILD],
    ['NotInOobe', 'false'],
    ['RequestVersion', REQUEST_VERSION],
  ];
}

/** A locally administered unicast MAC (bit 1 of the first byte set, bit 0 clear), so it is never a vendor's. */
function macAddress(): string {
  const bytes = randomBytes(6);
  bytes[0] = (bytes[0] & 0xfc) | 0x02;
  return [...bytes].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('-');
}
