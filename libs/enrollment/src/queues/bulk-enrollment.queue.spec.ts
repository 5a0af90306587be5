import { EnrollJobSchema } from './bulk-enrollment.queue';

const BASE = {
  requestId: '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
  deviceObjectId: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
  tokenId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  packageId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  serialNumber: '{5A3F0C2E-1B4D-4E6F-8A9B-0C1D2E3F4A5B}',
  osVersion: '10.0.19045',
  csr: 'x',
};
const REPORTED = { deviceName: 'CONTOSO-0042', mdmDeviceId: '{5A3F0C2E-1B4D-4E6F-8A9B-0C1D2E3F4A5B}', enrollmentScope: 'device' };

describe('EnrollJobSchema', () => {
  const sut = EnrollJobSchema;

  it('accepts a job without reported facts or a replacement, as before', () => {
    expect(sut.safeParse(BASE).success).toBe(true);
  });

  it('accepts what a self-enrolling device reports, and a certificate to replace (lower-cased)', () => {
    const job = sut.parse({
      ...BASE,
      reported: { ...REPORTED, enrollmentScope: 'user', osEdition: '48', macAddresses: ['00:1A:2B:3C:4D:5E', '001a2b3c4d5f', '00-1A-2B-3C-4D-60'] },
      reenroll: { certificateSerial: '4A0B' },
    });

    expect(job.reported?.enrollmentScope).toBe('user');
    expect(job.reenroll).toEqual({ certificateSerial: '4a0b' });
  });

  it.each([
    ['a device name with a space', { reported: { ...REPORTED, deviceName: 'CONTOSO 1' } }],
    ['a device name of 16 characters', { reported: { ...REPORTED, deviceName: 'A234567890123456' } }],
    ['an MDM DeviceID with a slash', { reported: { ...REPORTED, mdmDeviceId: 'a/b' } }],
    ['an MDM DeviceID of 65 characters', { reported: { ...REPORTED, mdmDeviceId: 'a'.repeat(65) } }],
    ['an unknown scope', { reported: { ...REPORTED, enrollmentScope: 'machine' } }],
    ['a MAC of 11 hex digits', { reported: { ...REPORTED, macAddresses: ['001A2B3C4D5'] } }],
    ['a MAC that is not hex', { reported: { ...REPORTED, macAddresses: ['00:1A:2B:3C:4D:5G'] } }],
    ['17 MACs', { reported: { ...REPORTED, macAddresses: Array.from({ length: 17 }, () => '001A2B3C4D5E') } }],
    ['reported facts without a name', { reported: { mdmDeviceId: 'abc', enrollmentScope: 'device' } }],
    ['an unknown reported field', { reported: { ...REPORTED, extra: 1 } }],
    ['a certificate serial that is not hex', { reenroll: { certificateSerial: 'xyz' } }],
    ['a certificate serial of 21 bytes', { reenroll: { certificateSerial: 'ab'.repeat(21) } }],
  ])('refuses %s', (_, extra) => {
    expect(sut.safeParse({ ...BASE, ...extra }).success).toBe(false);
  });
});
