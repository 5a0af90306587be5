export type TrustType = 'Workplace' | 'AzureAd';
export type DeviceStatus = 'active' | 'removed';

export interface DeviceCertificateRef {
  serialNumber: string;
  thumbprint: string; // SHA-1, as Windows shows it
  notAfter: string;
}

/** A directory device object. Workplace Join makes one per user@device. */
export interface DeviceObject {
  id: string;
  trustType: TrustType;
  status: DeviceStatus;
  deviceId: string;
  displayName: string;
  userPrincipalName?: string;
  domain?: string;
  osVersion: string;
  certificate: DeviceCertificateRef;
  requestId: string;
  registeredAt: string;
  removedAt?: string;
}

export interface DeviceQuery {
  trustType?: TrustType;
  user?: string;
  name?: string;
  status?: DeviceStatus;
  offset: number;
  limit: number;
}
