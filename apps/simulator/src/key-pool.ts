import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import * as forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

/** Device keys and their certificate requests, made once before a run and shared by its devices. */
export class KeyPool {
  private next = 0;

  private constructor(readonly csrs: readonly string[]) {}

  /** `size` RSA-2048 keys (made in parallel on libuv's threads) and a signed PKCS#10 request for each. */
  static async create(size: number): Promise<KeyPool> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('keyPoolSize must be a whole number of at least 1');
    const csrs = await Promise.all(Array.from({ length: size }, (_, i) => makeCsr(`SIM-KEY-${i + 1}`)));
    return new KeyPool(csrs);
  }

  /** The next request, round-robin. The service takes the certificate subject from its own records, not the CSR. */
  take(): string {
    const csr = this.csrs[this.next];
    this.next = (this.next + 1) % this.csrs.length;
    return csr;
  }
}

/** A PEM PKCS#10 request signed with SHA-256 by a fresh RSA-2048 key. */
export async function makeCsr(commonName: string): Promise<string> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  csr.setSubject([{ name: 'commonName', value: commonName }]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}
