import { KeyObject } from 'node:crypto';

/** `RSA1`, little-endian: the magic of a BCRYPT_RSAPUBLIC_BLOB. */
export const BCRYPT_RSAPUBLIC_MAGIC = 0x31415352;
const HEADER_BYTES = 24;

/**
 * The public half of an RSA key as Windows exports it for the DRS TransportKey: a BCRYPT_RSAKEY_BLOB
 * header (magic, bit length, exponent and modulus sizes, no primes) followed by the public exponent and
 * the modulus, both big-endian. Windows sends this blob base64-encoded, not an SPKI.
 */
export function bcryptRsaPublicBlob(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new TypeError('the transport key must be an RSA public key');
  const modulus = Buffer.from(jwk.n, 'base64url');
  const exponent = Buffer.from(jwk.e, 'base64url');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(BCRYPT_RSAPUBLIC_MAGIC, 0);
  header.writeUInt32LE(modulus.length * 8, 4);
  header.writeUInt32LE(exponent.length, 8);
  header.writeUInt32LE(modulus.length, 12);
  // cbPrime1 and cbPrime2 stay 0: a public blob carries no primes.
  return Buffer.concat([header, exponent, modulus]);
}

/** The exponent and modulus of a BCRYPT_RSAPUBLIC_BLOB; throws on any other shape. */
export function parseBcryptRsaPublicBlob(blob: Buffer): { bits: number; exponent: Buffer; modulus: Buffer } {
  if (blob.length < HEADER_BYTES || blob.readUInt32LE(0) !== BCRYPT_RSAPUBLIC_MAGIC) throw new RangeError('not a BCRYPT_RSAPUBLIC_BLOB');
  const bits = blob.readUInt32LE(4);
  const exponentBytes = blob.readUInt32LE(8);
  const modulusBytes = blob.readUInt32LE(12);
  if (blob.length !== HEADER_BYTES + exponentBytes + modulusBytes) throw new RangeError('BCRYPT_RSAPUBLIC_BLOB sizes do not add up');
  const exponent = blob.subarray(HEADER_BYTES, HEADER_BYTES + exponentBytes);
  return { bits, exponent, modulus: blob.subarray(HEADER_BYTES + exponentBytes) };
}
