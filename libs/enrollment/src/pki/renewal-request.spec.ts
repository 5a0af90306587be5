import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ErrorCode } from '../errors/error-code';
import { encodeDer, oid, parseDer, sequence } from './asn1';
import { CertificateAuthority } from './certificate-authority';
import { createCaMaterial } from './ca-material';
import { readRenewalRequest } from './renewal-request';
import { renewalRequest } from './testing/renewal-request';
import { windowsCsr } from './windows-csr';

const PASSPHRASE = 'renewal-request-spec-passphrase';

describe(readRenewalRequest.name, () => {
  const oldKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const newKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const csr = windowsCsr({ commonName: 'device', privateKey: newKey });
  let certificatePem: string;

  beforeAll(async () => {
    const material = await createCaMaterial({ commonName: 'Spec CA', validityDays: 1, passphrase: PASSPHRASE });
    const ca = CertificateAuthority.load(material.certPem, material.encryptedKeyPem, PASSPHRASE);
    certificatePem = ca.issueDeviceCertificate({
      publicKey: createPublicKey(oldKey),
      subject: { commonName: 'device' },
      serialHex: '4a01',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      crlUrl: 'http://127.0.0.1/crl',
    }).pem;
  });

  it.each([
    ['with signed attributes, the request as DER (automatic renewal)', {}],
    ['with the request base64-encoded once more (manual renewal)', { base64Content: true }],
    ['signed over the content itself, without signed attributes', { withoutSignedAttributes: true }],
  ])('reads the PKCS#10 %s and knows its signer', (_, options) => {
    const sut = readRenewalRequest(renewalRequest({ csrDer: csr.der, certificatePem, privateKey: oldKey, ...options }));

    expect(sut.csrDer.equals(csr.der)).toBe(true);
    expect(sut.isSignedBy(createPublicKey(oldKey))).toBe(true);
    expect(sut.isSignedBy(createPublicKey(stranger))).toBe(false);
  });

  it('refuses a request whose content was changed after it was signed', () => {
    const der = renewalRequest({ csrDer: csr.der, certificatePem, privateKey: oldKey });
    const tampered = Buffer.from(der);
    const at = tampered.indexOf(csr.der.subarray(200, 232));
    tampered[at] ^= 0x01;

    expect(() => readRenewalRequest(tampered)).toThrow(expect.objectContaining({ code: ErrorCode.CsrSignatureInvalid }));
  });

  it.each([
    ['a bare PKCS#10', () => csr.der],
    ['random bytes', () => Buffer.from('not a pkcs7 at all')],
    ['an empty buffer', () => Buffer.alloc(0)],
    ['ContentInfo of another type', () => encodeDer(sequence([oid('1.2.840.113549.1.7.1')]))],
  ])('answers %s with CSR_MALFORMED, not a crash', (_, make) => {
    expect(() => readRenewalRequest(make())).toThrow(expect.objectContaining({ code: ErrorCode.CsrMalformed }));
  });

  it('refuses a signature made with another key than the one it is checked against', () => {
    const sut = readRenewalRequest(renewalRequest({ csrDer: csr.der, certificatePem, privateKey: stranger }));

    expect(sut.isSignedBy(createPublicKey(oldKey))).toBe(false);
    expect(parseDer(sut.csrDer)).toBeDefined();
  });
});
