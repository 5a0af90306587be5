import { generateKeyPairSync } from 'node:crypto';
import { parseDer, childrenOf, oidOf } from './asn1';
import { validateCsr } from './csr-policy';
import { Oid } from './oids';
import { openssl, TempDir } from './testing/openssl';
import { windowsCsr } from './windows-csr';

const DEVICE_ID = '8090C8B484A0E24EB5C56E806CB4EE5B';
const CN = `0F3B8E6C-A271-4556-9B72-A26CBD8A1F02!${DEVICE_ID}\0`;

describe(windowsCsr.name, () => {
  const sut = windowsCsr;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = new TempDir();
  afterAll(() => dir.dispose());

  describe('as Windows 10 sends it (PrintableString CN with `!` and NUL, OIW sha1WithRSA, 66.1.0 extension)', () => {
    const { der, pem } = sut({
      commonName: CN,
      commonNameType: 'printable',
      signature: 'sha1-oiw',
      deviceIdExtensionValue: Buffer.from(DEVICE_ID, 'latin1'),
      privateKey,
    });

    it('has the bytes Windows writes', () => {
      const [info, algorithm] = childrenOf(parseDer(der));
      const [, subject] = childrenOf(info);
      const cn = childrenOf(childrenOf(childrenOf(subject)[0])[0])[1];
      expect(cn).toMatchObject({ type: 19, value: CN }); // PrintableString, NUL included
      expect(childrenOf(algorithm).map(oidOf)).toEqual([Oid.sha1WithRsaOiw]); // no NULL parameters
    });

    it('passes validateCsr: CN without the NUL, device id from the extension, SHA-1 signature verified', () => {
      const csr = validateCsr(pem);

      expect(csr).toMatchObject({ commonName: CN.slice(0, -1), requestedDeviceId: DEVICE_ID, signatureHash: 'sha1', keyBits: 2048, publicExponent: 65537n });
      expect(csr.publicKey.export({ type: 'spki', format: 'der' })).toEqual(publicKey.export({ type: 'spki', format: 'der' }));
    });

    it('passes validateCsr as bare base64 DER, as it comes in a BinarySecurityToken', () => {
      expect(validateCsr(der.toString('base64')).requestedDeviceId).toBe(DEVICE_ID);
    });

    it('is parsed by openssl req', () => {
      const file = dir.write('windows.csr', pem.replace(/NEW CERTIFICATE REQUEST/g, 'CERTIFICATE REQUEST'));
      const result = openssl(['req', '-in', file, '-noout', '-text', '-verify']);

      // OpenSSL may refuse the OIW algorithm's signature or the CN's type; what matters is that it reads the request.
      expect(result.stdout + result.stderr).toContain('1.3.6.1.4.1.311.66.1.0');
      expect(result.stdout).toMatch(/Public-Key: \(2048 bit\)/);
    });
  });

  it('keeps the tidy defaults for the existing fixtures (UTF8String CN, sha256WithRSAEncryption)', () => {
    const { der } = sut({ commonName: 'device', privateKey });
    const [info, algorithm] = childrenOf(parseDer(der));
    const cn = childrenOf(childrenOf(childrenOf(childrenOf(info)[1])[0])[0])[1];

    expect(cn.type).toBe(12);
    expect(oidOf(childrenOf(algorithm)[0])).toBe(Oid.sha256WithRsa);
    expect(validateCsr(der.toString('base64')).signatureHash).toBe('sha256');
  });
});
