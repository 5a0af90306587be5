import { generateKeyPairSync } from 'node:crypto';
import { validateCsr } from '@app/enrollment/pki/csr-policy';
import { windowsDeviceCsr } from './device-csr';
import { windowsIdentity } from './windows-identity';

describe(windowsDeviceCsr.name, () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const identity = windowsIdentity('K3ZQ', 0);

  it("is a base64 request that the service's CSR policy accepts, with the device id and the device's key", () => {
    const sut = windowsDeviceCsr(identity, privateKey);

    expect(sut).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const csr = validateCsr(sut);
    expect(csr).toMatchObject({
      commonName: `${identity.requestGuid}!${identity.deviceId}`,
      requestedDeviceId: identity.deviceId,
      signatureHash: 'sha1',
      keyBits: 2048,
      publicExponent: 65537n,
    });
    expect(csr.publicKey.export({ type: 'spki', format: 'der' })).toEqual(publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('is signed under the OIW sha1WithRSA OID, with the NUL-terminated PrintableString CN', () => {
    const der = Buffer.from(windowsDeviceCsr(identity, privateKey), 'base64');

    expect(der.includes(Buffer.from([0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1d]))).toBe(true); // OID 1.3.14.3.2.29
    const cn = Buffer.from(`${identity.requestGuid}!${identity.deviceId}\0`, 'latin1');
    expect(der.includes(Buffer.concat([Buffer.from([0x13, cn.length]), cn]))).toBe(true); // PrintableString
  });
});
