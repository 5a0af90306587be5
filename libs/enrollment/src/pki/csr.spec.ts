import * as forge from 'node-forge';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { octetString } from './asn1';
import { encodeDer } from './asn1';
import { parseCsr } from './csr';
import { pemToDer } from './der';
import { opensslCsr, TempDir } from './testing/openssl';
import { windowsCsr } from './testing/windows-csr';

const WINDOWS_CN = '0F3B8E6C-A271-4556-9B72-A26CBD!8090C8B484A0E24EB5C56E806CB4EE5B';
const DEVICE_ID = '0f3b8e6c-a271-4556-9b72-a26cbd8090c8';

function errorOf(fn: () => unknown): EnrollmentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnrollmentError) return error;
    throw error;
  }
  throw new Error('expected an EnrollmentError');
}

describe('parseCsr', () => {
  const sut = parseCsr;
  const dir = new TempDir();
  let rsaPem: string;

  beforeAll(() => {
    rsaPem = opensslCsr(dir, { subject: '/CN=device-42/O=Contoso' });
  });
  afterAll(() => dir.dispose());

  it('parses an RSA PEM request', () => {
    const csr = sut(rsaPem);

    expect(csr).toMatchObject({ commonName: 'device-42', keyType: 'rsa', keyBits: 2048, signatureHash: 'sha256' });
    expect(csr.publicKey.asymmetricKeyType).toBe('rsa');
    expect(csr.der).toEqual(pemToDer(rsaPem));
    expect(csr.requestedDeviceId).toBeUndefined();
  });

  it('parses bare base64 DER with line breaks, as Windows sends it', () => {
    const base64 = pemToDer(rsaPem)
      .toString('base64')
      .replace(/(.{76})/g, '$1\r\n');

    expect(sut(base64).commonName).toBe('device-42');
  });

  it('accepts the NEW CERTIFICATE REQUEST label', () => {
    const pem = rsaPem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');

    expect(sut(pem).commonName).toBe('device-42');
  });

  it('parses a Windows request: trailing NUL stripped from the CN, device id decoded', () => {
    const value = encodeDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.UTF8, false, DEVICE_ID));
    const { pem } = windowsCsr({ commonName: `${WINDOWS_CN}\0`, deviceIdExtensionValue: value });

    const csr = sut(pem);

    expect(csr.commonName).toBe(WINDOWS_CN);
    expect(csr.requestedDeviceId).toBe(DEVICE_ID);
  });

  it('survives an undecodable device-id extension', () => {
    const { pem } = windowsCsr({ commonName: WINDOWS_CN, deviceIdExtensionValue: encodeDer(octetString(Buffer.from([1, 2]))) });

    expect(sut(pem).commonName).toBe(WINDOWS_CN);
  });

  it('rejects EC keys as unsupported', () => {
    const ecPem = opensslCsr(dir, { key: 'ec' });

    expect(errorOf(() => sut(ecPem))).toMatchObject({ code: ErrorCode.CsrKeyUnsupported, permanent: true });
  });

  it.each([
    ['empty input', () => ''],
    ['garbage text', () => 'this is not a certificate request'],
    ['a PEM of another type', () => rsaPem.replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE')],
    ['truncated DER', () => pemToDer(rsaPem).subarray(0, 300).toString('base64')],
    ['DER with trailing bytes', () => Buffer.concat([pemToDer(rsaPem), Buffer.from([0])]).toString('base64')],
    ['valid base64 of random bytes', () => Buffer.from('0123456789abcdef').toString('base64')],
    ['oversized input', () => 'A'.repeat(70_000)],
  ])('rejects %s as malformed without echoing it', (_, input) => {
    const value = input();
    const error = errorOf(() => sut(value));

    expect(error).toMatchObject({ code: ErrorCode.CsrMalformed, permanent: true });
    expect(value.length < 8 || !error.message.includes(value.slice(0, 8))).toBe(true);
  });
});
