import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { bcryptRsaPublicBlob, parseBcryptRsaPublicBlob } from './transport-key';

describe(bcryptRsaPublicBlob.name, () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('starts with RSA1 and the sizes of a 2048-bit key with exponent 65537', () => {
    const sut = bcryptRsaPublicBlob(publicKey);

    expect(sut.subarray(0, 4).toString('latin1')).toBe('RSA1');
    expect([sut.readUInt32LE(4), sut.readUInt32LE(8), sut.readUInt32LE(12), sut.readUInt32LE(16), sut.readUInt32LE(20)]).toEqual([2048, 3, 256, 0, 0]);
    expect(sut).toHaveLength(24 + 3 + 256);
  });

  it('carries the same key: exponent and modulus big-endian, as a JWK rebuilds it', () => {
    const { exponent, modulus } = parseBcryptRsaPublicBlob(bcryptRsaPublicBlob(publicKey));

    const rebuilt = createPublicKey({ key: { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') }, format: 'jwk' });
    expect(rebuilt.export({ type: 'spki', format: 'der' })).toEqual(publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('refuses a key that is not RSA', () => {
    const { publicKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

    expect(() => bcryptRsaPublicBlob(ec)).toThrow(TypeError);
  });
});

describe(parseBcryptRsaPublicBlob.name, () => {
  it.each([
    ['too short', Buffer.alloc(10)],
    ['the wrong magic', Buffer.concat([Buffer.from('RSA2'), Buffer.alloc(20)])],
  ])('refuses a blob with %s', (_, blob) => {
    expect(() => parseBcryptRsaPublicBlob(blob)).toThrow(RangeError);
  });
});
