import { inventoryTable } from './inventory.command';

describe(inventoryTable.name, () => {
  it('shows one record a line, with a dash for what Configuration Manager did not give', () => {
    const records = [
      {
        name: 'PC0142',
        serialNumber: '5CG1234XYZ',
        smbiosGuid: '4C4C4544-0035-4B10-8052-B4C04F4A4D32',
        resourceId: 16777220,
        adSite: 'Paris',
        createdAt: '2030-01-10T12:00:00.000Z',
        updatedAt: '2030-01-11T08:00:00.000Z',
      },
      { name: 'PC0143', smbiosGuid: '4C4C4544-0035-4B10-8052-B4C04F4A4D33', createdAt: '2030-01-10T12:00:00.000Z', updatedAt: '2030-01-10T12:00:00.000Z' },
    ];
    expect(inventoryTable(records).split('\n')).toEqual([
      'NAME    SERIAL NUMBER  SMBIOS GUID                           RESOURCE ID  AD SITE  UPDATED',
      'PC0142  5CG1234XYZ     4C4C4544-0035-4B10-8052-B4C04F4A4D32  16777220     Paris    2030-01-11T08:00:00Z',
      'PC0143  -              4C4C4544-0035-4B10-8052-B4C04F4A4D33  -            -        2030-01-10T12:00:00Z',
    ]);
  });

  it('says how to fill an empty inventory', () => {
    expect(inventoryTable([])).toContain('enrollctl devices import');
  });
});
