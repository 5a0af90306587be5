import type { ParsedProvisioningDoc } from '@app/enrollment/mde2/mde2.types';
import type { DmClientAuth } from './dm-credential';

/** What a device keeps from its provisioning document to be managed: where, with which certificate and credential. */
export interface DmEnrollment {
  /** The MDM DeviceID it enrolled with, its SyncHdr Source. */
  deviceId: string;
  /** APPLICATION ADDR: the management server's URL, its SyncHdr Target. */
  managementUrl: string;
  providerId: string;
  /** The My/System certificate the service issued, PEM. */
  certificatePem: string;
  clientAuth: DmClientAuth;
}

/** The management part of a checked provisioning document. */
export function dmEnrollmentOf(doc: ParsedProvisioningDoc, deviceId: string): DmEnrollment {
  const client = doc.application.auth.find((entry) => entry.level === 'CLIENT');
  const base64 = doc.deviceCertificateBase64.replace(/\s+/g, '');
  return {
    deviceId,
    managementUrl: doc.application.addr,
    providerId: doc.application.providerId,
    certificatePem: `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`,
    clientAuth: { ...(client?.name && { name: client.name }), secret: client?.secret ?? '', nonce: client?.data ?? '' },
  };
}
