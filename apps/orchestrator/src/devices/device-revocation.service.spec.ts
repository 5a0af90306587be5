import { ADMIN_ISSUER, DeviceObject, EnrollmentError, ErrorCode, MdmEnrollment, MdmEnrollmentRepository, VerifiedIdentity } from '@app/enrollment';
import { RequestOrigin } from '../requests/request-intake.service';
import { WorkplaceJoinProducer } from '../workplace-join/workplace-join.producer';
import { DeviceRevocation } from './device-revocation.service';

const device = (fields: Partial<DeviceObject>): DeviceObject => ({
  id: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
  trustType: 'Workplace',
  status: 'active',
  deviceId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  displayName: 'PC01',
  userPrincipalName: 'alice@contoso.com',
  domain: 'contoso.com',
  osVersion: '6.1.7601',
  certificate: { serialNumber: '0a', thumbprint: 'AA', notAfter: '2031-01-01T00:00:00.000Z' },
  requestId: '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
  registeredAt: '2030-01-01T00:00:00.000Z',
  ...fields,
});

const MDE2_DEVICE = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const mde2Enrollment = {
  deviceObjectId: MDE2_DEVICE,
  management: { mdmDeviceId: 'A1B2', certificateStore: 'System', clientNonce: 'sealed', serverNonce: 'sealed' },
} as Partial<MdmEnrollment> as MdmEnrollment;

describe(DeviceRevocation.name, () => {
  let leaves: Array<{ identity: VerifiedIdentity; deviceId: string; origin?: RequestOrigin }>;
  let sut: DeviceRevocation;

  beforeEach(() => {
    leaves = [];
    const producer = {
      leave: async (identity: VerifiedIdentity, deviceId: string, origin?: RequestOrigin) => {
        leaves.push({ identity, deviceId, origin });
        return { kind: 'accepted' as const, requestId: 'r1', status: 'queued' };
      },
    };
    const enrollments = { forDevice: async (id: string) => (id === MDE2_DEVICE ? mde2Enrollment : null) };
    sut = new DeviceRevocation(producer as unknown as WorkplaceJoinProducer, enrollments as unknown as MdmEnrollmentRepository);
  });

  it("runs the user's leave for a Workplace Join object, as an administrator and whatever the user's token", async () => {
    await expect(sut.revoke(device({}))).resolves.toEqual({ kind: 'accepted', requestId: 'r1', status: 'queued' });
    expect(leaves).toEqual([
      {
        identity: { upn: 'alice@contoso.com', issuer: ADMIN_ISSUER, expiresAt: expect.any(String) },
        deviceId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
        origin: { owner: 'admin' },
      },
    ]);
  });

  it.each([
    [
      'a bulk-enrolled object joined to Entra ID, whose MDM enrollment is not held here',
      device({ trustType: 'AzureAd', userPrincipalName: undefined, serialNumber: '5CG1' }),
      ErrorCode.DeviceRevokeUnsupported,
      /bulk-enrolled to join Entra ID: its MDM enrollment is ended there/,
    ],
    [
      'an object enrolled over MS-MDE2, pointing to its unenrollment',
      device({ id: MDE2_DEVICE, trustType: 'AzureAd', userPrincipalName: undefined, serialNumber: '5CG2' }),
      ErrorCode.DeviceRevokeUnsupported,
      new RegExp(`enrolled over MS-MDE2: it is unenrolled with DELETE /v1/devices/${MDE2_DEVICE}/enrollment, and \\?force=true revokes its certificate`),
    ],
    [
      'an object already removed',
      device({ status: 'removed', removedAt: '2030-02-01T00:00:00.000Z' }),
      ErrorCode.DeviceRemoved,
      /already removed \(2030-02-01T00:00:00.000Z\)/,
    ],
  ])('refuses %s, changing nothing', async (_, target, code, message) => {
    const refused = sut.revoke(target);
    await expect(refused).rejects.toBeInstanceOf(EnrollmentError);
    await expect(refused).rejects.toMatchObject({ code, permanent: true, message: expect.stringMatching(message) });
    expect(leaves).toEqual([]);
  });
});
