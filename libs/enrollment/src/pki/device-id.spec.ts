import * as forge from 'node-forge';
import { encodeDer, octetString } from './asn1';
import { decodeDeviceId } from './device-id';

const GUID = '0F3B8E6C-A271-4556-9B72-A26CBD8090C8';
const HEX = '8090C8B484A0E24EB5C56E806CB4EE5B';
const der = (type: forge.asn1.Type, value: string) => encodeDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, type, false, value));

describe(decodeDeviceId.name, () => {
  const sut = decodeDeviceId;

  it.each([
    ['a UTF8String', der(forge.asn1.Type.UTF8, GUID), GUID],
    ['an OCTET STRING of ASCII', der(forge.asn1.Type.OCTETSTRING, HEX), HEX],
    ['an OCTET STRING wrapping a UTF8String', encodeDer(octetString(der(forge.asn1.Type.UTF8, GUID))), GUID],
    ['a BMPString', Buffer.concat([Buffer.from([0x1e, GUID.length * 2]), Buffer.from(GUID, 'utf16le').swap16()]), GUID],
    ['raw ASCII with a trailing NUL', Buffer.from(`${HEX}\0`), HEX],
    ['raw UTF-16LE', Buffer.from(`{${GUID}}\0`, 'utf16le'), GUID],
    ['raw binary bytes, as hex', Buffer.from(HEX, 'hex'), HEX],
  ])('decodes %s', (_, bytes, expected) => {
    expect(sut(bytes)).toBe(expected);
  });

  it.each([
    ['empty bytes', Buffer.alloc(0)],
    ['only NULs', Buffer.alloc(4)],
    ['a UTF8String with control characters', der(forge.asn1.Type.UTF8, 'ab\ncd')],
  ])('returns undefined for %s', (_, bytes) => {
    expect(sut(bytes)).toBeUndefined();
  });
});
