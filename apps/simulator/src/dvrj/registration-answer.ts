import { createHash, KeyObject, X509Certificate } from 'node:crypto';
import { DRS_DEVICE_ID_OID, guidExtensionOf } from './device-certificate';

/** What the client keeps of a registration: the device object's id (for a leave) and the certificate. */
export interface DrsRegistration {
  deviceId: string;
  /** Upper-case hex SHA-1 of the certificate. */
  thumbprint: string;
  certificate: X509Certificate;
}

export interface DrsRegistrationExpectations {
  /** The device's key: the certificate must be for it. */
  devicePublicKey: KeyObject;
  /** The user who registered; `User.Upn` must name them. */
  upn: string;
}

/** The fields of MS-DVRJ's registration answer that the client reads. */
interface DrsRegistrationAnswer {
  Certificate?: { Thumbprint?: unknown; RawBody?: unknown };
  User?: { Upn?: unknown };
}

/**
 * Checks a registration answer as a client that will use the certificate does: `Certificate.RawBody`
 * (base64 DER) parses and is for the device's key, `Certificate.Thumbprint` is its SHA-1, `User.Upn` is
 * the user, and the certificate names the device object (extension 1.2.840.113556.1.5.284.2, else a GUID
 * subject CN). Throws an Error saying what is wrong.
 */
export function checkRegistrationAnswer(body: unknown, expected: DrsRegistrationExpectations): DrsRegistration {
  const answer = (body ?? {}) as DrsRegistrationAnswer;
  const rawBody = answer.Certificate?.RawBody;
  if (typeof rawBody !== 'string' || rawBody === '') throw new Error('the answer has no Certificate.RawBody');
  const der = Buffer.from(rawBody, 'base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    throw new Error('Certificate.RawBody is not a DER certificate in base64');
  }
  const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
  if (!spki(certificate.publicKey).equals(spki(expected.devicePublicKey))) throw new Error("the certificate is not for the device's key");
  const thumbprint = createHash('sha1').update(certificate.raw).digest('hex').toUpperCase();
  const claimed = answer.Certificate?.Thumbprint;
  if (typeof claimed !== 'string' || claimed.toUpperCase() !== thumbprint)
    throw new Error(`Certificate.Thumbprint is not the certificate's SHA-1 ${thumbprint}`);
  const upn = answer.User?.Upn;
  if (typeof upn !== 'string' || upn.toLowerCase() !== expected.upn.toLowerCase()) throw new Error(`User.Upn is ${String(upn)}, not the user who registered`);
  const deviceId = guidExtensionOf(certificate.raw, DRS_DEVICE_ID_OID) ?? guidSubjectOf(certificate);
  if (!deviceId) throw new Error('the certificate names no device object (extension 1.2.840.113556.1.5.284.2)');
  return { deviceId, thumbprint, certificate };
}

function guidSubjectOf(certificate: X509Certificate): string | undefined {
  const cn = /(?:^|\n)CN=([0-9a-fA-F-]{36})(?:\n|$)/.exec(certificate.subject)?.[1];
  return cn?.toLowerCase();
}
