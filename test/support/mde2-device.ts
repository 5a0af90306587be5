import { createHash, generateKeyPairSync, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { parseProvisioningDoc, parseRstr, renderRequestSecurityToken } from '@app/enrollment';
import { windowsCsr } from '@app/enrollment/pki/testing/windows-csr';
import type { TestService } from './service';

export const MDE2_ACCOUNT = 'enroll@contoso.com';

/** A device enrolled over MS-MDE2: its device object id, MDM DeviceID, certificate (PEM) and the certificate's key. */
export interface Mde2Device {
  id: string;
  mdmDeviceId: string;
  certificatePem: string;
  privateKey: KeyObject;
}

/** A bulk token and a package that enrolls over MS-MDE2 with MDE2_ACCOUNT; returns the token's secret. */
export async function mde2Package(service: TestService): Promise<string> {
  const token = await service.admin('POST', '/v1/bulk-tokens', { expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString() });
  const pkg = await service.admin('POST', '/v1/provisioning-packages', {
    name: 'Contoso MDM',
    deviceNameTemplate: 'MDM-%RAND:5%',
    bulkTokenId: token.body.id,
    mdmEnrollment: { userPrincipalName: MDE2_ACCOUNT },
  });
  if (pkg.status !== 201) throw new Error(`package: ${pkg.status} ${pkg.text}`);
  return token.body.token;
}

/** Windows' RequestSecurityToken for a new device, answered once a worker has enrolled it. */
export async function enrollOverMde2(service: TestService, secret: string, account = MDE2_ACCOUNT): Promise<Mde2Device> {
  const mdmDeviceId = randomBytes(16).toString('hex').toUpperCase();
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const csr = windowsCsr({ commonName: `B1C43CD0-1624-5FBB-8E54-34CF17DFD3A1!${mdmDeviceId}`, privateKey });
  const body = renderRequestSecurityToken({
    messageId: 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478',
    to: `${service.baseUrl}/EnrollmentServer/Enrollment.svc`,
    credentials: { username: account, password: secret },
    csrBase64: csr.der.toString('base64'),
    requestType: 'Issue',
    context: [
      ['DeviceName', `MDM-${mdmDeviceId.slice(0, 6)}`],
      ['DeviceID', mdmDeviceId],
      ['HWDevID', createHash('sha256').update(mdmDeviceId).digest('hex').toUpperCase()],
      ['EnrollmentType', 'Device'],
      ['DeviceType', 'CIMClient_Windows'],
      ['OSVersion', '10.0.19045.2006'],
      ['OSEdition', '4'],
    ],
  });
  const response = await fetch(`${service.baseUrl}/EnrollmentServer/Enrollment.svc`, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`enrollment: ${response.status} ${text}`);
  const requestId = /<(?:\w+:)?RequestID[^>]*>\s*([^<\s]+)\s*</.exec(text)![1];
  const request = await service.finished(requestId);
  if (request.status !== 'succeeded') throw new Error(`enrollment request ${requestId} ${request.status}`);
  const der = Buffer.from(parseProvisioningDoc(parseRstr(text).provisioningDoc).deviceCertificateBase64, 'base64');
  return { id: request.device.id, mdmDeviceId, certificatePem: new X509Certificate(der).toString(), privateKey };
}
