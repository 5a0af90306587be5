import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import * as forge from 'node-forge';

export interface ServerCertificateOptions {
  /** Host names and IP addresses the certificate covers (subjectAltName). */
  names?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Encrypts the key (PKCS#8, AES-256-CBC) when set. */
  passphrase?: string;
}

/** A fresh self-signed TLS server certificate and its RSA key, both PEM, made for one test. */
export function selfSignedServerCertificate(options: ServerCertificateOptions = {}): { cert: string; key: string } {
  const names = options.names ?? ['localhost', '127.0.0.1'];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`;
  certificate.validity.notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  certificate.validity.notAfter = options.notAfter ?? new Date(Date.now() + 86_400_000);
  const subject = [{ name: 'commonName', value: names[0] }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    // A self-signed certificate is its own trust anchor, as `ca:` in a client makes it.
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })) },
  ]);
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  certificate.sign(forge.pki.privateKeyFromPem(pkcs1), forge.md.sha256.create());
  const key = options.passphrase
    ? createPrivateKey(pkcs1).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: options.passphrase }).toString()
    : pkcs1;
  return { cert: forge.pki.certificateToPem(certificate), key };
}
