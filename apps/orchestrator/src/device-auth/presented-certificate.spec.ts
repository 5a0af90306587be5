import type { Request } from 'express';
import { X509Certificate } from 'node:crypto';
import { selfSignedServerCertificate } from '@app/enrollment/pki/testing/server-certificate';
import { CLIENT_CERTIFICATE_HEADER, presentedCertificate } from './presented-certificate';

const PROXY = '10.0.0.5';
const trusted = (address: string) => address === PROXY;

/** A request as Express gives it: a socket (TLS or not) and headers. */
function request(options: { from?: string; header?: string; tlsPeer?: Buffer }): Request {
  const socket: Record<string, unknown> = { remoteAddress: options.from ?? PROXY };
  if (options.tlsPeer !== undefined) socket.getPeerCertificate = () => (options.tlsPeer!.length > 0 ? { raw: options.tlsPeer } : {});
  const headers = options.header === undefined ? {} : { [CLIENT_CERTIFICATE_HEADER]: options.header };
  return { socket, headers } as unknown as Request;
}

describe(presentedCertificate.name, () => {
  const device = selfSignedServerCertificate({ names: ['device'] });
  const other = selfSignedServerCertificate({ names: ['other'] });
  const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
  const found = (sut: ReturnType<typeof presentedCertificate>) => (sut.kind === 'certificate' ? sut.certificate.fingerprint256 : sut.kind);

  it('reads the URL-encoded PEM of the header from a trusted proxy', () => {
    expect(found(presentedCertificate(request({ header: encodeURIComponent(device.cert) }), trusted))).toBe(fingerprint(device.cert));
  });

  it('ignores the header from any other address, as if absent', () => {
    expect(presentedCertificate(request({ from: '10.0.0.6', header: encodeURIComponent(device.cert) }), trusted)).toEqual({ kind: 'none' });
  });

  it('prefers the certificate of the TLS connection to a header', () => {
    const tlsPeer = new X509Certificate(device.cert).raw;
    expect(found(presentedCertificate(request({ tlsPeer, header: encodeURIComponent(other.cert) }), trusted))).toBe(fingerprint(device.cert));
  });

  it('falls back to the header on a TLS connection whose client sent no certificate', () => {
    expect(found(presentedCertificate(request({ tlsPeer: Buffer.alloc(0), header: encodeURIComponent(other.cert) }), trusted))).toBe(fingerprint(other.cert));
  });

  it.each([
    ['no header', undefined, 'none'],
    ['an empty header', '', 'none'],
    ['a broken URL encoding', '%E0%A4%A', 'unreadable'],
    ['text that is not a certificate', encodeURIComponent('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'unreadable'],
  ])('answers %s from a trusted proxy with %s', (_case, header, kind) => {
    expect(presentedCertificate(request({ header }), trusted)).toEqual({ kind });
  });
});
