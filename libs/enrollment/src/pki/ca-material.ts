import { createPrivateKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import * as forge from 'node-forge';
import { octetString } from './asn1';
import { signCertificate } from './certificate-signing';
import { derToPem } from './der';
import { toForgeAttributes } from './distinguished-name';
import { rsaPublicKeyForms } from './keys';
import { randomSerialHex } from './serial';

export interface CaMaterialOptions {
  commonName: string;
  validityDays: number;
  passphrase: string;
  keyBits?: number;
}

export interface CaMaterial {
  certPem: string;
  encryptedKeyPem: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);
const DAY_MS = 86_400_000;
// tolerate clocks of relying parties that run slightly behind
const BACKDATE_MS = 5 * 60_000;
const CA_ORGANIZATION = 'Enrollment Orchestrator';

/** Generates an RSA CA key (encrypted PKCS#8 PEM) and its self-signed certificate. */
export async function createCaMaterial(opts: CaMaterialOptions): Promise<CaMaterial> {
  const keyBits = opts.keyBits ?? 2048;
  if (!opts.passphrase) throw new Error('CA passphrase must not be empty');
  if (!Number.isInteger(keyBits) || keyBits < 2048) throw new Error('CA key must be at least 2048 bits');
  if (!(opts.validityDays > 0)) throw new Error('CA validityDays must be positive');

  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: keyBits });
  const { forgeKey, keyIdentifier } = rsaPublicKeyForms(publicKey);
  const name = toForgeAttributes([
    { shortName: 'CN', value: opts.commonName },
    { shortName: 'O', value: CA_ORGANIZATION },
  ]);
  const now = Date.now();
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + opts.validityDays * DAY_MS);
  cert.publicKey = forgeKey;
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier', value: octetString(keyIdentifier) },
  ]);
  return {
    certPem: derToPem(signCertificate(cert, privateKey), 'CERTIFICATE'),
    encryptedKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: opts.passphrase }).toString(),
  };
}

/**
 * Whether `passphrase` decrypts a CA key made by createCaMaterial; throws when the PEM is not such a key
 * at all, so that a damaged key is not blamed on the passphrase.
 */
export function caKeyOpensWith(encryptedKeyPem: string, passphrase: string): boolean {
  try {
    createPrivateKey({ key: encryptedKeyPem, format: 'pem', passphrase });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A wrong passphrase mostly fails the padding check; now and then (about 1 in 250) it decrypts to
    // bytes no decoder reads. Either way the key itself is whole, which its structure tells.
    if (code === 'ERR_OSSL_BAD_DECRYPT' || (code === 'ERR_OSSL_UNSUPPORTED' && isEncryptedKeyInfo(encryptedKeyPem))) return false;
    throw error;
  }
}

/** Whether the PEM is a well-formed PKCS#8 EncryptedPrivateKeyInfo, read without decrypting it. */
function isEncryptedKeyInfo(pem: string): boolean {
  try {
    forge.pki.encryptedPrivateKeyFromPem(pem);
    return true;
  } catch {
    return false;
  }
}
