import { directoryIdsOf } from './directory-ids';
import { generateKeyPairSync, KeyObject, X509Certificate } from 'node:crypto';
import { ErrorCode } from '../errors/error-code';
import { createCaMaterial, CaMaterial } from './ca-material';
import { CertificateAuthority, DeviceCertificateRequest, IssuedCertificate } from './certificate-authority';
import { validateCsr } from './csr-policy';
import { derToPem } from './der';
import { openssl, opensslCsr, opensslOk, TempDir } from './testing/openssl';

const PASSPHRASE = 'spec-ca-passphrase';
const WINDOWS_CN = '0F3B8E6C-A271-4556-9B72-A26CBD!8090C8B484A0E24EB5C56E806CB4EE5B';
const CRL_URL = 'http://pki.example.test/crl/enrollment.crl';
const MINUTE = 60_000;

describe(CertificateAuthority.name, () => {
  const dir = new TempDir();
  let material: CaMaterial;
  let sut: CertificateAuthority;
  let caFile: string;
  let deviceKey: KeyObject;

  const request = (override: Partial<DeviceCertificateRequest> = {}): DeviceCertificateRequest => ({
    publicKey: deviceKey,
    subject: { commonName: WINDOWS_CN, organizationalUnit: 'Fleet' },
    serialHex: '4a1b2c3d4e5f60718293a4b5c6d7e8f9',
    notBefore: new Date(Date.now() - MINUTE),
    notAfter: new Date(Date.now() + 365 * 24 * 60 * MINUTE),
    crlUrl: CRL_URL,
    ...override,
  });

  beforeAll(async () => {
    material = await createCaMaterial({ commonName: 'Spec Enrollment CA', validityDays: 30, passphrase: PASSPHRASE });
    sut = CertificateAuthority.load(material.certPem, material.encryptedKeyPem, PASSPHRASE);
    caFile = dir.write('ca.pem', sut.certPem);
    // the CSR's own subject must never reach the certificate
    deviceKey = validateCsr(opensslCsr(dir, { subject: '/CN=csr-chosen-name/O=Evil Corp' })).publicKey;
  }, 60_000);
  afterAll(() => dir.dispose());

  describe('load', () => {
    it('exposes the SKI and SHA-256 thumbprint of the CA certificate', () => {
      const text = opensslOk(['x509', '-in', caFile, '-noout', '-text']);
      const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text)![1].replace(/:/g, '');

      expect(sut.subjectKeyIdentifier.toUpperCase()).toBe(ski);
      expect(sut.thumbprintSha256).toBe(new X509Certificate(material.certPem).fingerprint256.replace(/:/g, ''));
    });

    it('rejects a wrong passphrase without naming any secret', () => {
      const load = () => CertificateAuthority.load(material.certPem, material.encryptedKeyPem, 'not-the-passphrase');

      expect(load).toThrow(/could not be decrypted/);
      expect(load).not.toThrow(/passphrase$|not-the-passphrase|spec-ca/);
    });

    it('rejects a key that does not belong to the certificate', async () => {
      const other = await createCaMaterial({ commonName: 'Other', validityDays: 1, passphrase: PASSPHRASE });

      expect(() => CertificateAuthority.load(material.certPem, other.encryptedKeyPem, PASSPHRASE)).toThrow(/does not belong/);
    });
  });

  describe('issueDeviceCertificate', () => {
    let issued: IssuedCertificate;
    let certFile: string;
    let text: string;

    beforeAll(() => {
      issued = sut.issueDeviceCertificate(request());
      certFile = dir.write('device.pem', issued.pem);
      text = opensslOk(['x509', '-in', certFile, '-noout', '-text']);
    });

    it('chains to the CA according to openssl', () => {
      const result = openssl(['verify', '-CAfile', caFile, certFile]);

      expect(result.stdout).toContain(`${certFile}: OK`);
      expect(result.status).toBe(0);
    });

    it('uses exactly the requested subject, not the CSR one', () => {
      const cert = new X509Certificate(issued.pem);

      expect(cert.subject).toBe(`OU=Fleet\nCN=${WINDOWS_CN}`);
      expect(issued.subject).toBe(`CN=${WINDOWS_CN},OU=Fleet`);
      expect(text).not.toMatch(/csr-chosen-name|Evil Corp/);
      expect(cert.issuer).toBe(new X509Certificate(material.certPem).subject);
    });

    it('has a positive serial of at least 64 bits', () => {
      const serial = new X509Certificate(issued.pem).serialNumber;

      expect(serial.toLowerCase()).toBe(issued.serialHex);
      expect(serial.length * 4).toBeGreaterThanOrEqual(64);
      expect(parseInt(serial.slice(0, 2), 16)).toBeLessThan(0x80);
    });

    it('carries the client-authentication end-entity profile', () => {
      const cert = new X509Certificate(issued.pem);

      expect(cert.ca).toBe(false);
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
      expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication/);
      expect(text).toMatch(new RegExp(`X509v3 CRL Distribution Points:\\s+Full Name:\\s+URI:${CRL_URL}`));
      expect(text).toContain('X509v3 Subject Key Identifier');
      expect(text).toMatch(/Version: 3/);
      expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    });

    it('names the CA key in the authority key identifier', () => {
      const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)![1].replace(/:/g, '');

      expect(aki).toBe(sut.subjectKeyIdentifier.toUpperCase());
    });

    it('reports validity, thumbprints and key as encoded', () => {
      const req = request();
      const again = sut.issueDeviceCertificate(req);
      const cert = new X509Certificate(again.pem);

      expect(again.notBefore).toBe(new Date(Math.floor(req.notBefore.getTime() / 1000) * 1000).toISOString());
      expect(new Date(cert.validFrom).toISOString()).toBe(again.notBefore);
      expect(new Date(cert.validTo).toISOString()).toBe(again.notAfter);
      expect(again.thumbprintSha256).toBe(cert.fingerprint256.replace(/:/g, ''));
      expect(again.thumbprintSha1).toBe(cert.fingerprint.replace(/:/g, ''));
      expect(cert.publicKey.equals(deviceKey)).toBe(true);
      expect(cert.verify(new X509Certificate(sut.certPem).publicKey)).toBe(true);
    });

    it('omits the OU when none is requested', () => {
      const cert = new X509Certificate(sut.issueDeviceCertificate(request({ subject: { commonName: 'pc-1' } })).pem);

      expect(cert.subject).toBe('CN=pc-1');
    });

    it('carries no directory ids unless asked', () => {
      expect(directoryIdsOf(sut.issueDeviceCertificate(request()).pem)).toEqual({});
    });

    it('carries the device and user object ids as Microsoft GUID bytes that read back', () => {
      const deviceId = '0f3c2a1b-4d5e-4f60-8172-93a4b5c6d7e8';
      const userId = 'a1b2c3d4-e5f6-4a0b-9c1d-2e3f4a5b6c7d';
      const issued = sut.issueDeviceCertificate(request({ directoryIds: { deviceId, userId } }));
      const der = Buffer.from(new X509Certificate(issued.pem).raw);

      expect(directoryIdsOf(issued.pem)).toEqual({ deviceId, userId });
      // The extension value is an OCTET STRING of the 16 bytes, first groups little-endian: 1b2a3c0f 5e4d 604f …
      expect(der.includes(Buffer.from('04101b2a3c0f5e4d604f817293a4b5c6d7e8', 'hex'))).toBe(true);
    });

    it.each([
      ['an EC key', () => ({ publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey }), ErrorCode.CsrKeyUnsupported],
      ['a non-hex serial', () => ({ serialHex: 'zz' }), ErrorCode.ValidationFailed],
      ['a zero serial', () => ({ serialHex: '00' }), ErrorCode.ValidationFailed],
      ['notAfter before notBefore', () => ({ notAfter: new Date(Date.now() - 2 * MINUTE) }), ErrorCode.ValidationFailed],
      ['a non-http CRL URL', () => ({ crlUrl: 'ldap://x' }), ErrorCode.ValidationFailed],
      ['an empty common name', () => ({ subject: { commonName: '' } }), ErrorCode.ValidationFailed],
    ])('rejects %s', (_, override, code) => {
      expect(() => sut.issueDeviceCertificate(request(override()))).toThrow(expect.objectContaining({ code }));
    });
  });

  describe('signCrl', () => {
    let issued: IssuedCertificate;
    let certFile: string;

    const crlFiles = (name: string, entries: Array<{ serialHex: string; revokedAt: Date }>) => {
      const der = sut.signCrl({
        entries,
        crlNumber: 7,
        thisUpdate: new Date(Date.now() - MINUTE),
        nextUpdate: new Date(Date.now() + 60 * MINUTE),
      });
      return { der: dir.write(`crl-${name}.der`, der), pem: dir.write(`crl-${name}.pem`, derToPem(der, 'X509 CRL')) };
    };
    const verifyWithCrl = (crlPem: string) => openssl(['verify', '-crl_check', '-CAfile', caFile, '-CRLfile', crlPem, certFile]);

    beforeAll(() => {
      issued = sut.issueDeviceCertificate(request({ serialHex: '5f00000000000000000000000000abcd' }));
      certFile = dir.write('revoked.pem', issued.pem);
    });

    it('signs a CRL that openssl verifies against the CA', () => {
      const { der } = crlFiles('revoked', [{ serialHex: issued.serialHex, revokedAt: new Date(Date.now() - MINUTE) }]);

      const result = openssl(['crl', '-inform', 'DER', '-in', der, '-CAfile', caFile, '-noout']);

      expect(`${result.stdout}${result.stderr}`).toContain('verify OK');
      expect(result.status).toBe(0);
    });

    it('makes openssl report a listed certificate as revoked', () => {
      const { pem } = crlFiles('revoked', [
        { serialHex: '7123', revokedAt: new Date(Date.now() - 2 * MINUTE) },
        { serialHex: issued.serialHex, revokedAt: new Date(Date.now() - MINUTE) },
      ]);

      const result = verifyWithCrl(pem);

      expect(result.status).not.toBe(0);
      expect(`${result.stdout}${result.stderr}`).toMatch(/error 23 .*certificate revoked/);
    });

    it('emits an empty CRL without a revokedCertificates list, and openssl accepts the certificate', () => {
      const { pem } = crlFiles('empty', []);
      const text = opensslOk(['crl', '-in', pem, '-noout', '-text']);

      const result = verifyWithCrl(pem);

      expect(result.stdout).toContain(`${certFile}: OK`);
      expect(result.status).toBe(0);
      expect(text).toContain('No Revoked Certificates');
      expect(text).toMatch(/X509v3 CRL Number:\s+7/);
      expect(text).toMatch(/Version 2/);
      expect(text).toMatch(/Authority Key Identifier:\s+(keyid:)?[0-9A-F:]+/);
      expect(text.replace(/:/g, '')).toContain(sut.subjectKeyIdentifier.toUpperCase());
    });

    it('rejects a window where nextUpdate is not after thisUpdate', () => {
      const now = new Date();

      expect(() => sut.signCrl({ entries: [], crlNumber: 1, thisUpdate: now, nextUpdate: now })).toThrow(
        expect.objectContaining({ code: ErrorCode.ValidationFailed }),
      );
    });
  });
});
