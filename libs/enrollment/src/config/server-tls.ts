import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import { invalidVariable } from './config-error';

/** What the orchestrator serves HTTPS with, read once at start-up. `passphrase` is a secret. */
export interface ServerTls {
  /** PEM: the server certificate, then its chain if the file has one. */
  cert: Buffer;
  /** PEM private key, encrypted when `passphrase` is set. */
  key: Buffer;
  passphrase?: string;
}

export interface ServerTlsFiles {
  certFile: string;
  keyFile: string;
  passphrase?: string;
  /** Which variable the passphrase came from, to name it when it does not open the key. */
  passphraseVariable?: 'TLS_KEY_PASSPHRASE' | 'TLS_KEY_PASSPHRASE_FILE';
}

/**
 * Reads the certificate and key and proves that HTTPS can be served with them: the key opens with the
 * passphrase and belongs to the certificate. Throws a ConfigError naming the variable otherwise; no
 * message ever includes the passphrase.
 */
export function readServerTls(files: ServerTlsFiles): ServerTls {
  const { certFile, keyFile, passphrase } = files;
  const cert = readFile('TLS_CERT_FILE', certFile);
  const key = readFile('TLS_KEY_FILE', keyFile);

  // Node serves PEM only; a DER certificate would parse here and fail at the first handshake.
  if (!cert.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
    throw invalidVariable('TLS_CERT_FILE', `${certFile} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw invalidVariable('TLS_CERT_FILE', `${certFile} holds no certificate that can be read (${(error as Error).message})`);
  }

  const privateKey = openKey(key, files);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw invalidVariable(
      'TLS_KEY_FILE',
      `${keyFile} is not the private key of the certificate in TLS_CERT_FILE (${certFile}, subject ${describeSubject(certificate)}): ` +
        'give the key that the certificate was issued for, and the server certificate first in TLS_CERT_FILE, before its chain',
    );
  }
  try {
    createSecureContext({ cert, key, passphrase });
  } catch (error) {
    throw invalidVariable('TLS_CERT_FILE', `HTTPS cannot be served with ${certFile} and ${keyFile} (${(error as Error).message})`);
  }
  return passphrase === undefined ? { cert, key } : { cert, key, passphrase };
}

/**
 * What an operator should hear about the certificate and PUBLIC_URL, with or without TLS here: an http
 * address that Windows cannot enroll at, a certificate that has expired or does not name the host.
 */
export function httpsWarnings(http: { publicUrl: string; tls?: ServerTls }, production: boolean): string[] {
  const warnings: string[] = [];
  const url = new URL(http.publicUrl);
  if (url.protocol === 'http:' && http.tls) {
    warnings.push(
      `This orchestrator serves HTTPS (TLS_CERT_FILE is set), but PUBLIC_URL is ${http.publicUrl}: provisioning packages and ` +
        `certificates would send devices to a plain HTTP address. Set PUBLIC_URL=https://${url.host}${url.pathname.replace(/\/$/, '')}.`,
    );
  } else if (url.protocol === 'http:' && production) {
    warnings.push(
      `PUBLIC_URL is ${http.publicUrl}, plain HTTP: Windows enrolls only over HTTPS, and provisioning packages send devices to this ` +
        'address. If a reverse proxy in front ends TLS, set PUBLIC_URL to its https:// address and list the proxy in ' +
        'TRUSTED_PROXY_CIDRS; otherwise serve HTTPS here with TLS_CERT_FILE and TLS_KEY_FILE.',
    );
  }
  if (!http.tls) return warnings;

  const certificate = new X509Certificate(http.tls.cert);
  if (Date.parse(certificate.validTo) <= Date.now()) {
    warnings.push(
      `The certificate in TLS_CERT_FILE (subject ${describeSubject(certificate)}) expired on ${certificate.validTo}: devices refuse ` +
        'to connect. Renew it and restart the orchestrator.',
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const named = isIP(host) ? certificate.checkIP(host) : certificate.checkHost(host);
  if (url.protocol === 'https:' && named === undefined) {
    warnings.push(
      `The certificate in TLS_CERT_FILE names ${certificate.subjectAltName ?? `only its subject, ${describeSubject(certificate)}`}, ` +
        `not ${host}, the host of PUBLIC_URL: devices connecting to ${http.publicUrl} will refuse it. Use a certificate whose ` +
        `names cover ${host} (and enterpriseenrollment.<your UPN domain>, for automatic discovery).`,
    );
  }
  return warnings;
}

function readFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw invalidVariable(variable, `cannot be read (${(error as Error).message})`);
  }
}

/** The private key, opened with the passphrase when it is encrypted. */
function openKey(key: Buffer, files: ServerTlsFiles): KeyObject {
  const text = key.toString('latin1');
  // PKCS#8 (openssl pkey, req -newkey) and the older PKCS#1 / SEC1 form (openssl genrsa -traditional).
  const encrypted = text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(text);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw invalidVariable('TLS_KEY_FILE', `${files.keyFile} holds no PEM private key (a "-----BEGIN … PRIVATE KEY-----" block)`);
  }
  if (encrypted && files.passphrase === undefined) {
    throw invalidVariable(
      'TLS_KEY_FILE',
      `the private key in ${files.keyFile} is encrypted, and no passphrase is set: put it in a file named by TLS_KEY_PASSPHRASE_FILE (or in TLS_KEY_PASSPHRASE)`,
    );
  }
  try {
    return createPrivateKey({ key, passphrase: files.passphrase });
  } catch (error) {
    if (encrypted) {
      throw invalidVariable(
        files.passphraseVariable ?? 'TLS_KEY_PASSPHRASE',
        `is not the passphrase of the private key in TLS_KEY_FILE (${files.keyFile}): it does not open it`,
      );
    }
    throw invalidVariable('TLS_KEY_FILE', `${files.keyFile} holds no private key that can be read (${(error as Error).message})`);
  }
}

function describeSubject(certificate: X509Certificate): string {
  return certificate.subject.replace(/\n/g, ', ');
}
