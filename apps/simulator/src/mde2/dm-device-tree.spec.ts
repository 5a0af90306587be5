import { DmDeviceTree } from './dm-device-tree';

describe(DmDeviceTree.name, () => {
  let sut: DmDeviceTree;
  beforeEach(() => {
    sut = DmDeviceTree.forWindows({ deviceId: 'ABCDEF0123456789ABCDEF0123456789', deviceName: 'W-K3ZQ-0' });
  });

  it.each([
    { uri: './DevInfo/DevId', expected: { code: '200', value: 'ABCDEF0123456789ABCDEF0123456789', format: 'chr' } },
    { uri: './DevDetail/SwV', expected: { code: '200', value: '10.0.19045.3803', format: 'chr' } },
    { uri: './DevDetail/Ext/Microsoft/DeviceName', expected: { code: '200', value: 'W-K3ZQ-0', format: 'chr' } },
    { uri: './DevDetail/Ext/Microsoft/ProcessorArchitecture', expected: { code: '200', value: '9', format: 'int' } },
    { uri: './DevInfo', expected: { code: '200', value: 'DevId/Man/Mod/DmV/Lang', format: 'node' } },
    { uri: './DevDetail/Nothing', expected: { code: '404' } },
    { uri: './Device/Vendor/MSFT/Reboot/RebootNow', expected: { code: '405' } },
  ])('answers a Get of $uri with $expected.code', ({ uri, expected }) => {
    expect(sut.get(uri)).toEqual(expected);
  });

  it('gives the same serial number to the same device, a Dell service tag', () => {
    const again = DmDeviceTree.forWindows({ deviceId: 'ABCDEF0123456789ABCDEF0123456789', deviceName: 'other' });
    const serial = sut.get('./DevDetail/Ext/Microsoft/SMBIOSSerialNumber').value;
    expect(serial).toMatch(/^[0-9BCDFGHJ-NP-TV-Z]{7}$/);
    expect(again.get('./DevDetail/Ext/Microsoft/SMBIOSSerialNumber').value).toBe(serial);
  });

  it('adds a node once (418 Already exists after), replaces and deletes it, under either device-scoped prefix', () => {
    const uri = './Vendor/MSFT/Policy/Config/Browser/AllowCookies';
    expect(sut.add(uri, '2', 'int')).toEqual({ code: '200' });
    expect(sut.add('./Device/Vendor/MSFT/Policy/Config/Browser/AllowCookies', '1', 'int')).toEqual({ code: '418' });
    expect(sut.replace(uri, '0', 'int')).toEqual({ code: '200' });
    expect(sut.get('./Device/Vendor/MSFT/Policy/Config/Browser/AllowCookies')).toEqual({ code: '200', value: '0', format: 'int' });
    expect(sut.delete('./Device/Vendor/MSFT/Policy/Config/Browser')).toEqual({ code: '200' });
    expect(sut.get(uri)).toEqual({ code: '404' });
    expect(sut.delete(uri)).toEqual({ code: '404' });
  });

  it('does not let the server change DevInfo or DevDetail (405)', () => {
    expect(sut.replace('./DevInfo/Man', 'x', 'chr')).toEqual({ code: '405' });
    expect(sut.add('./DevDetail/New', 'x', 'chr')).toEqual({ code: '405' });
    expect(sut.delete('./DevInfo')).toEqual({ code: '405' });
  });

  it.each([
    { uri: './Device/Vendor/MSFT/Reboot/RebootNow', expected: { code: '200', exec: 'reboot' } },
    { uri: './Vendor/MSFT/DMClient/Unenroll', expected: { code: '200', exec: 'unenroll' } },
    { uri: './DevDetail/SwV', expected: { code: '405' } },
    { uri: './Vendor/MSFT/Nothing', expected: { code: '404' } },
  ])('answers an Exec of $uri with $expected.code', ({ uri, expected }) => {
    expect(sut.exec(uri)).toEqual(expected);
  });

  it("unenrolls by its enrollment's DMClient Provider node, and only that provider's", () => {
    const enrolled = DmDeviceTree.forWindows({ deviceId: 'ABCDEF0123456789ABCDEF0123456789', deviceName: 'W-K3ZQ-0' }, 'EnrollmentOrchestrator');
    expect(enrolled.exec('./Vendor/MSFT/DMClient/Provider/EnrollmentOrchestrator/Unenroll')).toEqual({ code: '200', exec: 'unenroll' });
    expect(enrolled.exec('./Vendor/MSFT/DMClient/Provider/Other/Unenroll')).toEqual({ code: '404' });
    expect(sut.exec('./Vendor/MSFT/DMClient/Provider/EnrollmentOrchestrator/Unenroll')).toEqual({ code: '404' });
  });
});
