import { validateCsr } from '../pki/csr-policy';
import { parseRequestSecurityToken } from './request-security-token.codec';
import { fixture } from './testing/fixture';

describe('certificate requests captured from Windows', () => {
  it.each([
    ['win10-rst.xml', '1E08C6E95D8BB843B1278FF45BC60CC6'],
    ['win10-22h2-rst.xml', 'DB257C3A08778F4FB61E2749066C1F27'],
  ])('%s: its PKCS#10 (SHA-1, CN <GUID prefix>!<DeviceID>, the device id extension) passes the CSR policy', (file, deviceId) => {
    const rst = parseRequestSecurityToken(fixture(file));
    const sut = validateCsr(rst.binarySecurityToken!.base64);

    expect(sut).toMatchObject({ signatureHash: 'sha1', requestedDeviceId: deviceId, keyBits: 2048 });
    expect(sut.commonName).toMatch(new RegExp(`^[0-9A-F-]+!${deviceId}\\u0000?$`));
    expect(rst.context.DeviceID).toEqual([deviceId]);
  });
});
