import { userObjectId } from '../pki/directory-ids';
import { nameBasedUuid } from './name-based-uuid';

describe(nameBasedUuid.name, () => {
  const DNS = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');

  it("gives RFC 9562's version 5 UUID (Python's uuid5 of python.org in the DNS name space)", () => {
    expect(nameBasedUuid(DNS, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('gives the same id for the same name and another for another name or name space', () => {
    const other = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
    expect(nameBasedUuid(DNS, 'a')).toBe(nameBasedUuid(DNS, 'a'));
    expect(nameBasedUuid(DNS, 'b')).not.toBe(nameBasedUuid(DNS, 'a'));
    expect(nameBasedUuid(other, 'a')).not.toBe(nameBasedUuid(DNS, 'a'));
  });
});

describe(userObjectId.name, () => {
  it('names one user by one id, whatever the case of the UPN', () => {
    expect(userObjectId('Alice@Contoso.com')).toBe(userObjectId('alice@contoso.com'));
    expect(userObjectId('bob@contoso.com')).not.toBe(userObjectId('alice@contoso.com'));
    expect(userObjectId('alice@contoso.com')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
