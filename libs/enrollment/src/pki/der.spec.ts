import { derToPem, pemToDer, readDerHeader } from './der';

describe('der', () => {
  const der = Buffer.from('3003020101', 'hex');

  it('round-trips DER through PEM', () => {
    const pem = derToPem(der, 'TEST');

    expect(pem).toBe('-----BEGIN TEST-----\nMAMCAQE=\n-----END TEST-----\n');
    expect(pemToDer(pem, 'TEST')).toEqual(der);
  });

  it('rejects a PEM with another label', () => {
    expect(() => pemToDer(derToPem(der, 'TEST'), 'CERTIFICATE')).toThrow('not a PEM CERTIFICATE');
  });

  it.each([
    ['short form', '3003020101', { headerLength: 2, contentLength: 3 }],
    ['long form', `308180${'00'.repeat(0x80)}`, { headerLength: 3, contentLength: 0x80 }],
  ])('reads a %s header', (_, hex, expected) => {
    expect(readDerHeader(Buffer.from(hex, 'hex'), 0)).toEqual(expected);
  });

  it.each([
    ['truncated content', '300502'],
    ['indefinite length', '3080020101'],
    ['missing length', '30'],
  ])('rejects %s', (_, hex) => {
    expect(() => readDerHeader(Buffer.from(hex, 'hex'), 0)).toThrow();
  });
});
