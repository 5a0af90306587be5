import { managementSessionActivityId, renewedCertificateActivityId, unenrollmentActivityId } from './management-activity';

const DEVICE = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const OTHER = '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a';
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(managementSessionActivityId.name, () => {
  const sut = managementSessionActivityId;

  it('is a version 5 UUID, the same every time for one device and SessionID', () => {
    expect(sut(DEVICE, '1A')).toMatch(UUID_V5);
    expect(sut(DEVICE, '1A')).toBe(sut(DEVICE, '1A'));
  });

  it.each([
    ['another SessionID', () => sut(DEVICE, '1B')],
    ['another device', () => sut(OTHER, '1A')],
    ["the device's unenrollment", () => unenrollmentActivityId(DEVICE)],
    ['a renewed certificate', () => renewedCertificateActivityId(DEVICE, '1A')],
  ])('differs for %s', (_, other) => {
    expect(other()).not.toBe(sut(DEVICE, '1A'));
  });

  // Stored events are grouped by these ids: a change of the derivation would split old activities from new.
  // The expected value is RFC 9562 UUIDv5 of the same name space and name, as any other implementation computes it.
  it('keeps its derivation', () => {
    expect(sut(DEVICE, '1A')).toBe('7bb70455-87d5-5152-8441-260eb6aa62c3');
  });
});

describe(renewedCertificateActivityId.name, () => {
  it('is one activity per certificate, whatever the case of its serial', () => {
    expect(renewedCertificateActivityId(DEVICE, 'AB12')).toBe(renewedCertificateActivityId(DEVICE, 'ab12'));
    expect(renewedCertificateActivityId(DEVICE, 'ab12')).not.toBe(renewedCertificateActivityId(DEVICE, 'ab13'));
  });
});
