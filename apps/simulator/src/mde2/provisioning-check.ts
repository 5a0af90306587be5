import { createHash, KeyObject, X509Certificate } from 'node:crypto';
import type { ParsedProvisioningDoc } from '@app/enrollment/mde2/mde2.types';

/** The top-level characteristics of a device enrollment's provisioning document, no more and no fewer. */
export const EXPECTED_TOP_LEVEL = ['CertificateStore', 'APPLICATION', 'DMClient'] as const;

export interface ProvisioningExpectations {
  /** Upper-case hex SHA-1 of the CA certificate the service publishes at /v1/pki/ca.pem. */
  caThumbprint: string;
  /** The device's own key: the certificate must be for it. */
  devicePublicKey: KeyObject;
}

/** Upper-case hex SHA-1 of a DER certificate, as Windows names certificates in its stores. */
export function thumbprintOf(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/**
 * What is wrong with the provisioning document a device got, as Windows would find it on applying it,
 * or undefined when it checks out: the three characteristics, the CA the service publishes (Root/System),
 * a device certificate for the device's own key in My/System, and the nonces of both APPAUTH entries.
 */
export function provisioningDocProblem(doc: ParsedProvisioningDoc, expected: ProvisioningExpectations): string | undefined {
  const topLevel = [...doc.topLevel].sort();
  if (topLevel.length !== EXPECTED_TOP_LEVEL.length || [...EXPECTED_TOP_LEVEL].sort().some((name, i) => topLevel[i] !== name)) {
    return `top-level characteristics are ${doc.topLevel.join(', ') || 'none'}; expected ${EXPECTED_TOP_LEVEL.join(', ')}`;
  }
  if (doc.caThumbprint.toUpperCase() !== expected.caThumbprint) {
    return `CA thumbprint ${doc.caThumbprint} is not the published CA's ${expected.caThumbprint}`;
  }
  if (thumbprintOf(Buffer.from(doc.caCertificateBase64, 'base64')) !== expected.caThumbprint) {
    return 'the CA certificate in Root/System is not the published CA';
  }
  if (doc.deviceStore !== 'System') return `the device certificate goes to My/${doc.deviceStore}; a device enrollment needs My/System`;
  const deviceDer = Buffer.from(doc.deviceCertificateBase64, 'base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(deviceDer);
  } catch {
    return 'the device certificate is missing or not a certificate';
  }
  if (doc.deviceThumbprint.toUpperCase() !== thumbprintOf(deviceDer)) return 'the device certificate is not stored under its own thumbprint';
  if (!certificate.publicKey.equals(expected.devicePublicKey)) return "the device certificate is not for the device's key";
  for (const level of ['CLIENT', 'APPSRV'] as const) {
    const auth = doc.application.auth.find((entry) => entry.level === level);
    if (!auth?.data) return `APPLICATION has no ${level} nonce (APPAUTH AAUTHDATA)`;
  }
  if (!doc.dmClientProviderId) return 'DMClient names no provider';
  if (doc.application.providerId !== doc.dmClientProviderId) {
    return `APPLICATION's PROVIDER-ID ${doc.application.providerId} is not the DMClient provider ${doc.dmClientProviderId}`;
  }
  return undefined;
}
