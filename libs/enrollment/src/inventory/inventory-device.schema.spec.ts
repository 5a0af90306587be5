import { inventoryIdentity, InventoryDeviceSchema } from './inventory-device.schema';

const GUID = '4C4C4544-0035-4B10-8052-B4C04F4A4D32';

describe('InventoryDeviceSchema', () => {
  const sut = InventoryDeviceSchema;

  it.each([
    ['every field', { name: 'PC01', smbiosGuid: GUID, serialNumber: '5CG1234XYZ', resourceId: 16777220, adSite: 'Paris' }],
    ['a serial number only', { name: 'PC01', serialNumber: 'SN1' }],
    ['an SMBIOS GUID only', { name: 'PC01', smbiosGuid: GUID.toLowerCase() }],
  ])('accepts %s', (_, device) => {
    expect(sut.parse(device)).toEqual(device);
  });

  it.each([
    ['no name', { serialNumber: 'SN1' }, 'name'],
    ['a name of 16 characters', { name: 'A'.repeat(16), serialNumber: 'SN1' }, 'name'],
    ['neither serial number nor SMBIOS GUID', { name: 'PC01', resourceId: 1 }, 'serialNumber'],
    ['a GUID that is not one', { name: 'PC01', smbiosGuid: '4C4C4544-0035' }, 'smbiosGuid'],
    ['a serial number with a space', { name: 'PC01', serialNumber: 'SN 1' }, 'serialNumber'],
    ['a resource id that is not a whole number', { name: 'PC01', serialNumber: 'SN1', resourceId: 1.5 }, 'resourceId'],
    ['a negative resource id', { name: 'PC01', serialNumber: 'SN1', resourceId: -1 }, 'resourceId'],
    ['a resource id as text', { name: 'PC01', serialNumber: 'SN1', resourceId: '16777220' }, 'resourceId'],
    ['a field it does not know', { name: 'PC01', serialNumber: 'SN1', owner: 'alice' }, ''],
  ])('refuses %s', (_, device, path) => {
    const result = sut.safeParse(device);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe(inventoryIdentity.name, () => {
  it.each([
    [{ serialNumber: 'abc-1', smbiosGuid: GUID }, 'sn:ABC-1'],
    [{ smbiosGuid: GUID.toLowerCase() }, `guid:${GUID}`],
  ])('keys %j by %s', (device, expected) => {
    expect(inventoryIdentity(device)).toBe(expected);
  });
});
