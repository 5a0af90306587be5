import type { Request } from 'express';
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';

/** The header a TLS-terminating proxy puts the client's certificate in, URL-encoded PEM. */
export const CLIENT_CERTIFICATE_HEADER = 'x-client-certificate';

/** What the request carries: no certificate, one that cannot be read, or the certificate. */
export type Presented = { kind: 'none' } | { kind: 'unreadable' } | { kind: 'certificate'; certificate: X509Certificate };

/**
 * The client certificate of this request: the TLS peer's when the connection itself is TLS, otherwise
 * the proxy header, read only when the socket's own peer (not X-Forwarded-For) is a trusted proxy; the
 * header from anyone else is ignored, as if absent.
 */
export function presentedCertificate(request: Request, trustedProxy: (address: string) => boolean, read: CertificateReader = readCertificate): Presented {
  const socket = request.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate === 'function') {
    const peer = socket.getPeerCertificate();
    // Node gives an empty object when the client sent no certificate.
    if (peer.raw instanceof Buffer && peer.raw.length > 0) return read(peer.raw);
  }
  const header = request.headers[CLIENT_CERTIFICATE_HEADER];
  const address = request.socket.remoteAddress;
  if (typeof header !== 'string' || header === '' || !address || !trustedProxy(address)) return { kind: 'none' };
  let pem: string;
  try {
    pem = decodeURIComponent(header);
  } catch {
    return { kind: 'unreadable' };
  }
  return read(pem);
}

/** Reads a certificate from DER or PEM; an implementation may remember what it read. */
export type CertificateReader = (source: Buffer | string) => Presented;

export function readCertificate(source: Buffer | string): Presented {
  try {
    return { kind: 'certificate', certificate: new X509Certificate(source) };
  } catch {
    return { kind: 'unreadable' };
  }
}
