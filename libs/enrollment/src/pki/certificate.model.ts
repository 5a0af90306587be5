/** A certificate the CA issued, as stored and as returned to the device. */
export interface CertificateRecord {
  serialNumber: string;
  pem: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  requestId: string;
  deviceObjectId: string;
  status: 'valid' | 'revoked';
  revokedAt?: string;
}
