import { HardwareId, OsVersion, SerialNumber } from '@app/enrollment/validation/field-rules';
import { additionalContext, windowsDeviceName, windowsIdentity } from './windows-identity';

const NETBIOS = /^(?!\d+$)[A-Za-z0-9-]{1,15}$/;

describe(additionalContext.name, () => {
  const sut = additionalContext;
  const identity = windowsIdentity('K3ZQ', 41);
  const context = sut(identity);
  const value = (name: string) => context.filter(([item]) => item === name).map(([, v]) => v);

  it('names the items Windows sends, in its order, MAC once per adapter', () => {
    expect(context.map(([name]) => name)).toEqual([
      'UXInitiated',
      'HWDevID',
      'Locale',
      'TargetedUserLoggedIn',
      'OSEdition',
      'DeviceName',
      'MAC',
      'MAC',
      'DeviceID',
      'EnrollmentType',
      'DeviceType',
      'OSVersion',
      'ApplicationVersion',
      'NotInOobe',
      'RequestVersion',
    ]);
  });

  it.each([
    { name: 'DeviceID', pattern: /^[0-9A-F]{32}$/ },
    { name: 'HWDevID', pattern: /^[0-9A-F]{64}$/ },
    { name: 'MAC', pattern: /^[0-9A-F]{2}(-[0-9A-F]{2}){5}$/ },
    { name: 'OSVersion', pattern: /^10\.0\.19045\.\d+$/ },
    { name: 'DeviceName', pattern: NETBIOS },
    { name: 'EnrollmentType', pattern: /^Device$/ },
    { name: 'UXInitiated', pattern: /^false$/ },
    { name: 'DeviceType', pattern: /^CIMClient_Windows$/ },
  ])('sends $name shaped as Windows does', ({ name, pattern }) => {
    expect(value(name).length).toBeGreaterThan(0);
    for (const v of value(name)) expect(v).toMatch(pattern);
  });

  it("passes the service's own rules for the fields it maps to a bulk enrollment", () => {
    expect(SerialNumber.safeParse(identity.deviceId).success).toBe(true);
    expect(HardwareId.safeParse(identity.hardwareId).success).toBe(true);
    expect(OsVersion.safeParse(value('OSVersion')[0]).success).toBe(true);
  });

  it('gives every device of a run its own DeviceID, HWDevID, MACs and name', () => {
    const identities = Array.from({ length: 500 }, (_, index) => windowsIdentity('K3ZQ', index));
    for (const key of ['deviceId', 'hardwareId', 'deviceName', 'requestGuid'] as const) {
      expect(new Set(identities.map((device) => device[key])).size).toBe(500);
    }
    expect(new Set(identities.flatMap((device) => device.macAddresses)).size).toBe(1000);
  });
});

describe(windowsDeviceName.name, () => {
  it.each([0, 35, 36 ** 6 - 1, 9_999_999])('stays a NetBIOS name for index %p', (index) => {
    expect(windowsDeviceName('K3ZQ', index)).toMatch(NETBIOS);
  });

  it('differs between runs (tags) for the same index', () => {
    expect(windowsDeviceName('AAAA', 7)).not.toBe(windowsDeviceName('AAAB', 7));
  });
});
