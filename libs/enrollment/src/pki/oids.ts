/** Object identifiers the PKI module reads or writes. */
export const Oid = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  sha1WithRsaOiw: '1.3.14.3.2.29',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  extensionRequest: '1.2.840.113549.1.9.14',
  msCertExtensions: '1.3.6.1.4.1.311.2.1.14',
  msRequestedDeviceId: '1.3.6.1.4.1.311.66.1.0',
  authorityKeyIdentifier: '2.5.29.35',
  cRLNumber: '2.5.29.20',
} as const;
