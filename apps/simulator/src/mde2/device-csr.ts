import type { KeyObject } from 'node:crypto';
import { windowsCsr } from '@app/enrollment/pki/windows-csr';
import type { WindowsIdentity } from './windows-identity';

/**
 * The PKCS#10 request a Windows 10 device sends in its BinarySecurityToken, as base64 DER: CN
 * `<GUID>!<DeviceID>` as a PrintableString ending in NUL, the DeviceID in the requested extension
 * 1.3.6.1.4.1.311.66.1.0, signed with SHA-1 under the OIW sha1WithRSA OID.
 */
export function windowsDeviceCsr(identity: Pick<WindowsIdentity, 'deviceId' | 'requestGuid'>, privateKey: KeyObject): string {
  const { der } = windowsCsr({
    commonName: `${identity.requestGuid}!${identity.deviceId}\0`,
    commonNameType: 'printable',
    signature: 'sha1-oiw',
    deviceIdExtensionValue: Buffer.from(identity.deviceId, 'latin1'),
    privateKey,
  });
  return der.toString('base64');
}
