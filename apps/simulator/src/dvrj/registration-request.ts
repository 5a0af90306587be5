import type { KeyObject } from 'node:crypto';
import { windowsCsr } from '@app/enrollment/pki/windows-csr';
import { bcryptRsaPublicBlob } from './transport-key';

/** Workplace registration, the only join type a Device Registration Service on premises serves. */
export const WORKPLACE_JOIN_TYPE = 4;
/** The CN Windows' registration client puts in every request: the service names the device itself. */
export const WINDOWS_DRS_CSR_COMMON_NAME = '7E980AD9-B86D-4306-9425-9AC066FB014A';

/** The JSON body of the registration POST, with MS-DVRJ's field names. */
export interface DrsRegistrationBody {
  CertificateRequest: { Type: 'pkcs10'; Data: string };
  TransportKey: string;
  TargetDomain: string;
  DeviceType: string;
  OSVersion: string;
  DeviceDisplayName: string;
  JoinType: number;
  Attributes: Record<string, string>;
}

export interface DrsRegistrationInput {
  /** Signs the request; its public half is what the returned certificate must be for. */
  privateKey: KeyObject;
  /** The transport key's public half (Windows makes a second key; the simulator may reuse the device key). */
  transportKey: KeyObject;
  /** Host name of the registration service, as the client reached it. */
  targetDomain: string;
  osVersion: string;
  deviceDisplayName: string;
}

/**
 * What Windows sends to register a device: a PKCS#10 request (RSA-2048, sha256WithRSAEncryption, the
 * fixed CN, base64 DER), the transport key as a BCRYPT_RSAPUBLIC_BLOB in base64, join type 4 and the
 * attributes public clients send (reuse the device object of this PC, return the client's SID).
 */
export function drsRegistrationBody(input: DrsRegistrationInput): DrsRegistrationBody {
  const { der } = windowsCsr({ commonName: WINDOWS_DRS_CSR_COMMON_NAME, signature: 'sha256', privateKey: input.privateKey });
  return {
    CertificateRequest: { Type: 'pkcs10', Data: der.toString('base64') },
    TransportKey: bcryptRsaPublicBlob(input.transportKey).toString('base64'),
    TargetDomain: input.targetDomain,
    DeviceType: 'Windows',
    OSVersion: input.osVersion,
    DeviceDisplayName: input.deviceDisplayName,
    JoinType: WORKPLACE_JOIN_TYPE,
    Attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
  };
}
