import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SyncmlCred } from './syncml.types';

/** The `Cred`/`Chal` type of OMA-DM's MD5 digest. */
export const SYNCML_AUTH_MD5 = 'syncml:auth-md5';

const NONCE_BYTES = 16;

const md5 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/**
 * OMA-DM's MD5 digest, base64: B64(H(B64(H(name:secret)):nonce)). The nonce is hashed as the bytes its base64
 * stands for (NextNonce is base64Binary in syncml:metinf; AAUTHDATA carries the same base64).
 */
export function md5Digest(name: string, secret: string, nonceBase64: string): string {
  const inner = md5(Buffer.from(`${name}:${secret}`, 'utf8')).toString('base64');
  return md5(Buffer.from(`${inner}:`, 'utf8'), Buffer.from(nonceBase64, 'base64')).toString('base64');
}

/**
 * Whether `cred` is an MD5 digest of one of the candidate name/secret pairs over `nonceBase64`. Every candidate
 * is computed and compared in constant time, so the answer's timing tells nothing of which one matched.
 */
export function verifyMd5Cred(cred: SyncmlCred, candidates: ReadonlyArray<{ name: string; secret: string }>, nonceBase64: string): boolean {
  if (cred.type.toLowerCase() !== SYNCML_AUTH_MD5) return false;
  // Windows sends the digest in b64; a Format of anything else is not a digest this server can read.
  if (cred.format !== undefined && cred.format.toLowerCase() !== 'b64') return false;
  const given = Buffer.from(cred.data.trim(), 'base64');
  let accepted = false;
  for (const candidate of candidates) {
    const expected = Buffer.from(md5Digest(candidate.name, candidate.secret, nonceBase64), 'base64');
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    accepted = accepted || same;
  }
  return accepted;
}

/** A fresh nonce for `NextNonce`: 16 random bytes, base64. */
export function newNonce(): string {
  return randomBytes(NONCE_BYTES).toString('base64');
}
