import type { PageRequest } from '../paging/page';
import type { SccmIdentifiers } from '../hooks/sccm-hook.schema';

export type TrustType = 'Workplace' | 'AzureAd';
export type DeviceStatus = 'active' | 'removed';

export interface DeviceCertificateRef {
  serialNumber: string;
  thumbprint: string; // SHA-1, as Windows shows it
  notAfter: string;
}

/**
 * A directory device object. Workplace Join makes one per user@device; bulk enrollment one per serial
 * number of a provisioning package (userless).
 */
export interface DeviceObject {
  id: string;
  trustType: TrustType;
  status: DeviceStatus;
  deviceId: string;
  displayName: string;
  userPrincipalName?: string;
  domain?: string;
  osVersion: string;
  serialNumber?: string;
  hardwareId?: string;
  packageId?: string;
  enrollmentType?: string;
  mdmEnrollmentId?: string;
  /** Configuration Manager's identifiers, when the request came from its hook. */
  sccm?: SccmIdentifiers;
  certificate: DeviceCertificateRef;
  requestId: string;
  registeredAt: string;
  removedAt?: string;
}

export interface DeviceQuery extends PageRequest {
  trustType?: TrustType;
  enrollmentType?: string;
  user?: string;
  name?: string;
  /** The device's serial number, or the one Configuration Manager gave (ignoring case). */
  serialNumber?: string;
  status?: DeviceStatus;
}

/** How a device object refers to its certificate. */
export function certificateRef(certificate: { serialNumber: string; thumbprintSha1: string; notAfter: string }): DeviceCertificateRef {
  return { serialNumber: certificate.serialNumber, thumbprint: certificate.thumbprintSha1, notAfter: certificate.notAfter };
}

/** What makes a device object unique: user@device for Workplace Join, package + serial for bulk. */
export type DeviceIdentity = { trustType: 'Workplace'; upn: string; deviceId: string } | { trustType: 'AzureAd'; packageId: string; serialNumber: string };

export function identityOf(device: DeviceObject): DeviceIdentity {
  return device.trustType === 'Workplace'
    ? { trustType: 'Workplace', upn: device.userPrincipalName!, deviceId: device.deviceId }
    : { trustType: 'AzureAd', packageId: device.packageId!, serialNumber: device.serialNumber! };
}
