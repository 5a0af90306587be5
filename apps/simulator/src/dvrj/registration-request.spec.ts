import { generateKeyPairSync } from 'node:crypto';
import { validateCsr } from '@app/enrollment/pki/csr-policy';
import { drsRegistrationBody, WINDOWS_DRS_CSR_COMMON_NAME } from './registration-request';

describe(drsRegistrationBody.name, () => {
  const device = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const transport = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sut = drsRegistrationBody({
    privateKey: device.privateKey,
    transportKey: transport.publicKey,
    targetDomain: 'enterpriseregistration.contoso.com',
    osVersion: '6.1.7601',
    deviceDisplayName: 'PC-K3ZQ-1',
  });

  it("carries a base64 DER request that the service's CSR policy accepts: RSA-2048, SHA-256, the fixed CN, the device's key", () => {
    expect(sut.CertificateRequest.Data).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const csr = validateCsr(sut.CertificateRequest.Data);
    expect(csr).toMatchObject({ commonName: WINDOWS_DRS_CSR_COMMON_NAME, signatureHash: 'sha256', keyBits: 2048 });
    expect(csr.publicKey.export({ type: 'spki', format: 'der' })).toEqual(device.publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('sends the transport key, not the device key, as the TransportKey blob', () => {
    const modulus = Buffer.from(transport.publicKey.export({ format: 'jwk' }).n!, 'base64url');

    expect(Buffer.from(sut.TransportKey, 'base64').subarray(-256)).toEqual(modulus);
  });

  it('is a workplace registration of a Windows device', () => {
    expect(sut).toMatchObject({ DeviceType: 'Windows', JoinType: 4, OSVersion: '6.1.7601', CertificateRequest: { Type: 'pkcs10' } });
  });
});
