import { CliError } from '../cli-error';
import { parseInventoryCsv } from './inventory-csv';

const GUID = '4C4C4544-0035-4B10-8052-B4C04F4A4D32';
const OTHER_GUID = '9A1B2C3D-0000-4000-8000-00000000000A';

describe(parseInventoryCsv.name, () => {
  const sut = parseInventoryCsv;

  it('reads a console export with a UTF-8 byte order mark', () => {
    const file = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`Name,SMBIOS GUID,Serial Number,Resource ID,AD Site Name\r\nPC01,${GUID},5CG1234XYZ,16777220,Paris\r\n`),
    ]);
    expect(sut(file)).toEqual({
      rows: [{ line: 2, device: { name: 'PC01', smbiosGuid: GUID, serialNumber: '5CG1234XYZ', resourceId: 16777220, adSite: 'Paris' } }],
      rejected: [],
      delimiter: ',',
      columns: { name: 'Name', smbiosGuid: 'SMBIOS GUID', serialNumber: 'Serial Number', resourceId: 'Resource ID', adSite: 'AD Site Name' },
    });
  });

  it.each([
    ['PowerShell property names', 'Name,ResourceID,SMBIOSGUID,SerialNumber,ADSiteName'],
    ['any case, surrounding spaces', ' name , Resource Id ,smbios guid,  SERIAL NUMBER,ad site name '],
    ['SQL view columns', 'Netbios_Name0,ResourceID,SMBIOS_GUID0,SerialNumber0,AD_Site_Name0'],
  ])('maps the columns of %s', (_, header) => {
    const [name, resourceId, smbiosGuid, serial, site] = ['PC02', '16777221', GUID, 'SN-2', 'Lyon'];
    const { rows } = sut(`${header}\n${name},${resourceId},${smbiosGuid},${serial},${site}\n`);
    expect(rows.map((row) => row.device)).toEqual([{ name, resourceId: 16777221, smbiosGuid, serialNumber: serial, adSite: site }]);
  });

  it('reads semicolon-separated files, as Excel writes them in French locales', () => {
    const { rows, delimiter } = sut(`\uFEFFName;Serial Number;AD Site Name\nPC03;SN-3;"Paris, La Défense"\n`);
    expect(delimiter).toBe(';');
    expect(rows.map((row) => row.device)).toEqual([{ name: 'PC03', serialNumber: 'SN-3', adSite: 'Paris, La Défense' }]);
  });

  it('keeps commas and quotes inside quoted fields', () => {
    const { rows } = sut(`Name,Serial Number,AD Site Name\nPC04,SN-4,"Site ""A"", floor 2"\n`);
    expect(rows[0].device.adSite).toBe('Site "A", floor 2');
  });

  it('reads Windows-1252 (Excel "CSV" in Western locales) and UTF-16 (with a byte order mark)', () => {
    const text = 'Name,Serial Number,AD Site Name\nPC05,SN-5,Genève\n';
    const ansi = Buffer.from(text, 'latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(sut(ansi).rows[0].device.adSite).toBe('Genève');
    expect(sut(utf16).rows[0].device.adSite).toBe('Genève');
  });

  it("skips PowerShell's #TYPE line and keeps the line numbers of the file", () => {
    const { rows } = sut(`#TYPE IResultObject#SMS_R_System\n"Name","SerialNumber"\n"PC06","SN-6"\n`);
    expect(rows).toEqual([{ line: 3, device: { name: 'PC06', serialNumber: 'SN-6' } }]);
  });

  it('strips braces around an SMBIOS GUID and leaves out empty cells', () => {
    const { rows } = sut(`Name,SMBIOS GUID,Serial Number,Resource ID\nPC07,{${GUID}},,\n`);
    expect(rows[0].device).toEqual({ name: 'PC07', smbiosGuid: GUID });
  });

  it('reports each bad row with its line number and the reason, and keeps the good ones', () => {
    const file = [
      'Name,SMBIOS GUID,Serial Number,Resource ID', // 1
      `PC10,${GUID},SN-10,16777230`, // 2
      ',,SN-11,16777231', // 3: no name
      'PC12,not-a-guid,SN-12,16777232', // 4
      'PC13,,SN-13,12a', // 5
      'PC14,,,16777234', // 6: neither serial nor GUID
      'THIS-NAME-IS-FAR-TOO-LONG,,SN-15,', // 7
      '', // 8: empty lines are skipped
      `PC16,${OTHER_GUID},sn-10,`, // 9: same serial as line 2 (serials ignore case)
      'PC17,,SN-17,1,extra', // 10: unquoted delimiter
      '"PC18\nSECOND",,SN-18,', // 11-12: a quoted value over two lines
      'PC19,,SN 19,', // 13: a space in a serial number
      `PC20,${OTHER_GUID},SN-20,16777240`, // 14
    ].join('\n');
    const { rows, rejected } = sut(file);
    expect(rows.map((row) => [row.line, row.device.name])).toEqual([
      [2, 'PC10'],
      [14, 'PC20'],
    ]);
    expect(rejected).toEqual([
      { line: 3, reason: 'Name is missing' },
      { line: 4, reason: 'SMBIOS GUID "not-a-guid" must be a GUID' },
      { line: 5, reason: 'Resource ID "12a" is not a resource id (a whole number)' },
      { line: 6, reason: 'needs a Serial Number or SMBIOS GUID' },
      { line: 7, reason: expect.stringMatching(/^Name "THIS-NAME-IS-FAR-TOO-LONG" must be a NetBIOS computer name/) },
      { line: 9, reason: 'repeats the serial number sn-10 of line 2' },
      { line: 10, reason: 'has 5 fields but the header has 4 (a value with a "," must be quoted)' },
      { line: 11, reason: expect.stringMatching(/^Name "PC18\\nSECOND" must be a NetBIOS computer name/) },
      { line: 13, reason: 'Serial Number "SN 19" must be printable ASCII without spaces' },
    ]);
  });

  it('numbers the lines of CRLF files, with a value over two lines and no final line break', () => {
    const { rows, rejected } = sut('Name,Serial Number,AD Site Name\r\nPC26,SN-26,"Paris\r\nNord"\r\n\r\nPC27,SN-27,Lyon');
    expect(rows).toEqual([{ line: 5, device: { name: 'PC26'.replace('26', '27'), serialNumber: 'SN-27', adSite: 'Lyon' } }]);
    expect(rejected).toEqual([{ line: 2, reason: 'AD Site Name "Paris\\nNord" must not contain control characters, lone surrogates or noncharacters' }]);
  });

  it('reports a row whose quotes are broken, and reads on', () => {
    const { rows, rejected } = sut('Name,Serial Number\nPC21,"SN"21\nPC22, "SN-22" \n');
    expect(rows).toEqual([{ line: 3, device: { name: 'PC22', serialNumber: 'SN-22' } }]);
    expect(rejected).toEqual([{ line: 2, reason: 'Serial Number "\\"SN\\"21" contains a quote (is the CSV quoting broken?)' }]);
  });

  it('says where a quote that never closes begins', () => {
    const { rows, rejected } = sut('Name,Serial Number\nPC23,SN-23\n\nPC24,"SN-24\nPC25,SN-25\n');
    expect(rows.map((row) => row.line)).toEqual([2]);
    expect(rejected).toEqual([{ line: 4, reason: expect.stringMatching(/^not valid CSV: a quote opened on this line is never closed/) }]);
  });

  it.each([
    ['an empty file', '', /the file is empty/],
    ['a file without a Name column', 'Hostname,Serial Number\nPC,SN\n', /no Name column in the header line \(found "Hostname", "Serial Number"\)/],
    ['a file with neither Serial Number nor SMBIOS GUID', 'Name,Resource ID\nPC,1\n', /no "Serial Number" or "SMBIOS GUID" column/],
  ])('refuses %s as a whole', (_, file, message) => {
    expect(() => sut(file)).toThrow(CliError);
    expect(() => sut(file)).toThrow(message);
  });
});
