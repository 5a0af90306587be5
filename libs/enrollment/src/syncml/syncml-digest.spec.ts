import { execFileSync } from 'node:child_process';
import { md5Digest, newNonce, SYNCML_AUTH_MD5, verifyMd5Cred } from './syncml-digest';

/** The digest as openssl and coreutils compute it, with the nonce decoded to its bytes before hashing. */
function opensslDigest(name: string, secret: string, nonceBase64: string): string {
  const script =
    'inner=$(printf "%s:%s" "$NAME" "$SECRET" | openssl dgst -md5 -binary | base64); ' +
    '{ printf "%s:" "$inner"; printf "%s" "$NONCE" | base64 -d; } | openssl dgst -md5 -binary | base64';
  return execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH, NAME: name, SECRET: secret, NONCE: nonceBase64 } })
    .toString()
    .trim();
}

const providerId = 'EnrollmentOrchestrator';
const deviceId = '5F7B4A1E2C3D4E5F8A9B0C1D2E3F4A5B';
// Bytes that are not UTF-8 text: a digest over the nonce's base64 text, or over a lossy decoding, differs.
const binaryNonce = Buffer.from([0x00, 0xff, 0x80, 0x7f, 0xc3, 0x28, 0x0a, 0x3a, 0x10, 0x20, 0xfe, 0x01, 0x02, 0x03, 0x04, 0x05]).toString('base64');

describe(md5Digest.name, () => {
  it.each([
    ['the provider id as name and secret', providerId, providerId, binaryNonce],
    ['the MDM DeviceID as name', deviceId, providerId, binaryNonce],
    ['a fresh random nonce', deviceId, providerId, newNonce()],
    ['non-ASCII name and secret', 'gerät', 'prüfung', binaryNonce],
    ['an empty nonce', providerId, providerId, ''],
  ])('matches openssl for %s', (_case, name, secret, nonce) => {
    expect(md5Digest(name, secret, nonce)).toBe(opensslDigest(name, secret, nonce));
  });

  it('hashes the nonce bytes, not their base64 text', () => {
    const overText = opensslDigest(providerId, providerId, Buffer.from(binaryNonce, 'utf8').toString('base64'));
    expect(md5Digest(providerId, providerId, binaryNonce)).not.toBe(overText);
  });

  it('gives a 16-byte digest in base64', () => {
    expect(Buffer.from(md5Digest('a', 'b', binaryNonce), 'base64')).toHaveLength(16);
  });
});

describe(verifyMd5Cred.name, () => {
  const candidates = [
    { name: deviceId, secret: providerId },
    { name: providerId, secret: providerId },
  ];
  const cred = (data: string, type = SYNCML_AUTH_MD5, format: string | undefined = 'b64') => ({ type, format, data });

  it.each([
    ['the digest of the first candidate', true, cred(opensslDigest(deviceId, providerId, binaryNonce))],
    ['the digest of the second candidate', true, cred(opensslDigest(providerId, providerId, binaryNonce))],
    ['the type in other letter case and no Format', true, cred(opensslDigest(providerId, providerId, binaryNonce), 'syncml:auth-MD5', undefined)],
    ['surrounding whitespace', true, cred(`\n  ${opensslDigest(providerId, providerId, binaryNonce)}\n`)],
    ['a digest over another nonce', false, cred(opensslDigest(providerId, providerId, newNonce()))],
    ['a digest with another secret', false, cred(opensslDigest(deviceId, 'other', binaryNonce))],
    ['a digest of the right length but wrong bytes', false, cred(Buffer.alloc(16).toString('base64'))],
    ['a truncated digest', false, cred(opensslDigest(providerId, providerId, binaryNonce).slice(0, 12))],
    ['an empty Data', false, cred('')],
    ['basic authentication', false, cred(Buffer.from(`${providerId}:${providerId}`).toString('base64'), 'syncml:auth-basic')],
    ['a Format other than b64', false, cred(opensslDigest(providerId, providerId, binaryNonce), SYNCML_AUTH_MD5, 'chr')],
  ])('%s: %s', (_case, expected, sut) => {
    expect(verifyMd5Cred(sut, candidates, binaryNonce)).toBe(expected);
  });

  it('accepts nothing without candidates', () => {
    expect(verifyMd5Cred(cred(opensslDigest(providerId, providerId, binaryNonce)), [], binaryNonce)).toBe(false);
  });
});

describe(newNonce.name, () => {
  it('gives 16 random bytes in base64, different each time', () => {
    const sut = [newNonce(), newNonce()];
    expect(sut.map((nonce) => Buffer.from(nonce, 'base64').toString('base64'))).toEqual(sut);
    expect(sut.map((nonce) => Buffer.from(nonce, 'base64').length)).toEqual([16, 16]);
    expect(sut[0]).not.toBe(sut[1]);
  });
});
