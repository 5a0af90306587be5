import { generateKeyPairSync, KeyObject, X509Certificate } from 'node:crypto';
import { CertificateAuthority } from '@app/enrollment/pki/certificate-authority';
import { createCaMaterial } from '@app/enrollment/pki/ca-material';
import { pemToDer } from '@app/enrollment/pki/der';
import { parseProvisioningDoc, renderProvisioningDoc } from '@app/enrollment';
import type { ParsedProvisioningDoc } from '@app/enrollment/mde2/mde2.types';
import { provisioningDocProblem, thumbprintOf } from './provisioning-check';

const PASSPHRASE = 'spec-ca-passphrase';

describe(provisioningDocProblem.name, () => {
  const sut = provisioningDocProblem;
  const deviceKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  let caDer: Buffer;
  let deviceDer: Buffer;

  beforeAll(async () => {
    const material = await createCaMaterial({ commonName: 'Spec Enrollment CA', validityDays: 30, passphrase: PASSPHRASE });
    const ca = CertificateAuthority.load(material.certPem, material.encryptedKeyPem, PASSPHRASE);
    caDer = pemToDer(ca.certPem);
    const issued = ca.issueDeviceCertificate({
      publicKey: deviceKey.publicKey,
      subject: { commonName: 'W-K3ZQ-0' },
      serialHex: '4a1b2c3d4e5f60718293a4b5c6d7e8f9',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      crlUrl: 'http://127.0.0.1/v1/pki/crl',
    });
    deviceDer = new X509Certificate(issued.pem).raw;
  }, 60_000);

  /** The document as the codec parses what the service renders for a device enrollment. */
  const doc = (override: Partial<ParsedProvisioningDoc> = {}): ParsedProvisioningDoc => ({
    topLevel: ['CertificateStore', 'APPLICATION', 'DMClient'],
    caThumbprint: thumbprintOf(caDer),
    caCertificateBase64: caDer.toString('base64'),
    deviceStore: 'System',
    deviceThumbprint: thumbprintOf(deviceDer),
    deviceCertificateBase64: deviceDer.toString('base64'),
    application: {
      appId: 'w7',
      providerId: 'EnrollmentOrchestrator',
      addr: 'http://127.0.0.1/ManagementServer/MDM.svc',
      auth: [
        { level: 'CLIENT', type: 'DIGEST', name: 'W-K3ZQ-0', data: 'Y2xpZW50LW5vbmNl' },
        { level: 'APPSRV', type: 'DIGEST', name: 'EnrollmentOrchestrator', data: 'c2VydmVyLW5vbmNl' },
      ],
    },
    dmClientProviderId: 'EnrollmentOrchestrator',
    ...override,
  });
  const expected = (devicePublicKey: KeyObject = deviceKey.publicKey) => ({ caThumbprint: thumbprintOf(caDer), devicePublicKey });

  it('passes a device enrollment document for the published CA and the device key', () => {
    expect(sut(doc(), expected())).toBeUndefined();
  });

  it('takes the thumbprint in either case, as Windows does', () => {
    expect(sut(doc({ caThumbprint: thumbprintOf(caDer).toLowerCase() }), expected())).toBeUndefined();
  });

  it.each([
    {
      name: 'a fourth top-level characteristic',
      override: () => ({ topLevel: ['CertificateStore', 'APPLICATION', 'DMClient', 'Registry'] }),
      problem: /top-level/,
    },
    { name: 'no DMClient', override: () => ({ topLevel: ['CertificateStore', 'APPLICATION'] }), problem: /top-level/ },
    { name: 'another CA thumbprint', override: () => ({ caThumbprint: thumbprintOf(deviceDer) }), problem: /CA thumbprint/ },
    {
      name: 'another CA certificate under the right thumbprint',
      override: () => ({ caCertificateBase64: deviceDer.toString('base64') }),
      problem: /Root\/System/,
    },
    { name: 'the device certificate in My/User', override: () => ({ deviceStore: 'User' as const }), problem: /My\/System/ },
    { name: 'no device certificate', override: () => ({ deviceCertificateBase64: '' }), problem: /missing/ },
    { name: 'a device thumbprint of another certificate', override: () => ({ deviceThumbprint: thumbprintOf(caDer) }), problem: /own thumbprint/ },
    {
      name: 'no CLIENT nonce',
      override: () => ({ application: { ...doc().application, auth: doc().application.auth.filter((entry) => entry.level !== 'CLIENT') } }),
      problem: /CLIENT nonce/,
    },
    {
      name: 'an empty APPSRV nonce',
      override: () => ({
        application: { ...doc().application, auth: doc().application.auth.map((entry) => ({ ...entry, data: entry.level === 'APPSRV' ? '' : entry.data })) },
      }),
      problem: /APPSRV nonce/,
    },
    { name: 'another provider in DMClient', override: () => ({ dmClientProviderId: 'Someone' }), problem: /provider/ },
  ])('names the problem with $name', ({ override, problem }) => {
    expect(sut(doc(override()), expected())).toMatch(problem);
  });

  it("refuses a certificate for another key than the device's", () => {
    expect(sut(doc(), expected(otherKey))).toMatch(/device's key/);
  });

  it('passes the document the service renders for a device enrollment, read back by the codec', () => {
    const xml = renderProvisioningDoc({
      caCertificateDer: caDer,
      deviceCertificateDer: deviceDer,
      certificateStore: 'System',
      providerId: 'EnrollmentOrchestrator',
      managementUrl: 'http://127.0.0.1/ManagementServer/MDM.svc',
      clientNonce: 'Y2xpZW50LW5vbmNl',
      serverNonce: 'c2VydmVyLW5vbmNl',
      renewalPeriodDays: 42,
      renewalRetryIntervalDays: 7,
    });

    expect(sut(parseProvisioningDoc(xml), expected())).toBeUndefined();
    expect(sut(parseProvisioningDoc(xml), expected(otherKey))).toMatch(/device's key/);
  });
});
