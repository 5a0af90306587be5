import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { ErrorCode } from '../errors/error-code';
import { readCsr } from './csr';
import { validateCsr } from './csr-policy';
import { derToPem, pemToDer } from './der';
import { opensslCsr, TempDir } from './testing/openssl';
import { pkcs1Sha256Encoding, rsaKeyCsr } from './testing/rsa-key-csr';
import { windowsCsr } from './testing/windows-csr';

const WINDOWS_CN = '0F3B8E6C-A271-4556-9B72-A26CBD!8090C8B484A0E24EB5C56E806CB4EE5B';
const DEVICE_ID = '8090C8B484A0E24EB5C56E806CB4EE5B';

function tamper(pem: string): string {
  const der = Buffer.from(pemToDer(pem));
  const at = der.indexOf('tamper-me');
  der[at] ^= 0x20; // 't' -> 'T': still a valid name, no longer what was signed
  return derToPem(der, 'CERTIFICATE REQUEST');
}

/** Any RSA-2048 modulus: with e = 1 nobody needs its factors. */
const modulus = (): Buffer => Buffer.from(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }).n!, 'base64url');

describe(validateCsr.name, () => {
  const sut = validateCsr;
  const dir = new TempDir();
  const fixtures = new Map<string, string>();

  beforeAll(() => {
    fixtures.set('rsa2048-sha256', opensslCsr(dir));
    fixtures.set('rsa2048-sha1', opensslCsr(dir, { digest: 'sha1' }));
    fixtures.set('rsa2048-sha384', opensslCsr(dir, { digest: 'sha384' }));
    fixtures.set('rsa2048-sha512', opensslCsr(dir, { digest: 'sha512' }));
    fixtures.set('rsa3072-sha256', opensslCsr(dir, { bits: 3072 }));
    fixtures.set('rsa1024-sha256', opensslCsr(dir, { bits: 1024 }));
    fixtures.set('ec-p256', opensslCsr(dir, { key: 'ec' }));
    fixtures.set('windows', windowsCsr({ commonName: `${WINDOWS_CN}\0`, deviceIdExtensionValue: Buffer.from(DEVICE_ID) }).pem);
    fixtures.set('tampered', tamper(opensslCsr(dir, { subject: '/CN=tamper-me' })));
    fixtures.set('rsa-e3', opensslCsr(dir, { publicExponent: 3n }));
    fixtures.set('rsa-e-largest-32-bit-prime', opensslCsr(dir, { publicExponent: 2n ** 32n - 5n }));
    fixtures.set('rsa-e-33-bits', opensslCsr(dir, { publicExponent: 2n ** 32n + 15n }));
    fixtures.set('rsa-e-2001-bits', opensslCsr(dir, { publicExponent: 2n ** 2000n + 1n }));
    fixtures.set(
      'rsa-e1',
      rsaKeyCsr({ n: modulus(), e: 1n }, (info) => pkcs1Sha256Encoding(info, 256)),
    );
    fixtures.set(
      'rsa-e-even',
      rsaKeyCsr({ n: modulus(), e: 65538n }, () => randomBytes(255)),
    );
  }, 60_000);
  afterAll(() => dir.dispose());

  const bareDer = (name: string) => pemToDer(fixtures.get(name)!).toString('base64');

  it.each([
    { name: 'RSA-2048 SHA-256 PEM', input: () => fixtures.get('rsa2048-sha256')!, hash: 'sha256' },
    { name: 'RSA-2048 SHA-256 bare DER', input: () => bareDer('rsa2048-sha256'), hash: 'sha256' },
    { name: 'RSA-2048 SHA-1', input: () => fixtures.get('rsa2048-sha1')!, hash: 'sha1' },
    { name: 'RSA-2048 SHA-384', input: () => fixtures.get('rsa2048-sha384')!, hash: 'sha384' },
    { name: 'RSA-2048 SHA-512', input: () => fixtures.get('rsa2048-sha512')!, hash: 'sha512' },
    { name: 'RSA-3072 under a 3072 policy', input: () => fixtures.get('rsa3072-sha256')!, hash: 'sha256', minRsaBits: 3072 },
    {
      name: 'RSA-2048 with e = 2^32 - 5, the largest prime exponent that fits 32 bits',
      input: () => fixtures.get('rsa-e-largest-32-bit-prime')!,
      hash: 'sha256',
    },
  ])('accepts $name', ({ input, hash, minRsaBits }) => {
    const csr = sut(input(), minRsaBits ? { minRsaBits } : undefined);

    expect(csr.signatureHash).toBe(hash);
  });

  it('accepts a Windows-shaped request, with a clean CN and the requested device id', () => {
    const csr = sut(fixtures.get('windows')!);

    expect(csr.commonName).toBe(WINDOWS_CN);
    expect(csr.requestedDeviceId).toBe(DEVICE_ID);
  });

  it.each([
    { name: 'an RSA-1024 key', input: () => fixtures.get('rsa1024-sha256')!, code: ErrorCode.CsrKeyTooWeak },
    { name: 'RSA-2048 under a 3072 policy', input: () => fixtures.get('rsa2048-sha256')!, code: ErrorCode.CsrKeyTooWeak, minRsaBits: 3072 },
    { name: 'a tampered request', input: () => fixtures.get('tampered')!, code: ErrorCode.CsrSignatureInvalid },
    { name: 'an EC P-256 key', input: () => fixtures.get('ec-p256')!, code: ErrorCode.CsrKeyUnsupported },
    { name: 'garbage', input: () => '%%% not base64 %%%', code: ErrorCode.CsrMalformed },
    { name: 'a truncated request', input: () => bareDer('rsa2048-sha256').slice(0, 200), code: ErrorCode.CsrMalformed },
  ])('rejects $name with $code', ({ input, code, minRsaBits }) => {
    expect(() => sut(input(), minRsaBits ? { minRsaBits } : undefined)).toThrow(expect.objectContaining({ code, permanent: true }));
  });

  it('is given an e = 1 request whose self-signature verifies, so only the exponent rule can refuse it', () => {
    const { csr, signedBytes, signature } = readCsr(fixtures.get('rsa-e1')!);

    expect(verify('sha256', signedBytes, csr.publicKey, signature)).toBe(true);
  });

  it.each([
    { name: 'e = 1, the forged self-signature', fixture: 'rsa-e1', reason: 'RSA public exponent 1 is below 65537' },
    { name: 'e = 3', fixture: 'rsa-e3', reason: 'RSA public exponent 3 is below 65537' },
    { name: 'an even e', fixture: 'rsa-e-even', reason: 'RSA public exponent 65538 is even' },
    { name: 'e = 2^32 + 15', fixture: 'rsa-e-33-bits', reason: 'RSA public exponent of 33 bits exceeds 32 bits' },
    { name: 'a 2001-bit e', fixture: 'rsa-e-2001-bits', reason: 'RSA public exponent of 2001 bits exceeds 32 bits' },
  ])('refuses $name with CSR_KEY_WEAK, saying why', ({ fixture, reason }) => {
    expect(() => sut(fixtures.get(fixture)!)).toThrow(
      expect.objectContaining({ code: ErrorCode.CsrKeyWeak, permanent: true, message: expect.stringContaining(reason) }),
    );
  });
});
