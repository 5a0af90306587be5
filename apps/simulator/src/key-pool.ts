import { generateKeyPair, KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

/** Device keys and their certificate requests, made once before a run and shared by its devices. */
export class KeyPool {
  private next = 0;

  readonly csrs: readonly string[];

  private constructor(readonly keys: readonly DeviceKey[]) {
    this.csrs = keys.map((key) => key.csrPem);
  }

  /** `size` RSA-2048 keys (made in parallel on libuv's threads) and a signed PKCS#10 request for each. */
  static async create(size: number): Promise<KeyPool> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('keyPoolSize must be a whole number of at least 1');
    const keys = await Promise.all(Array.from({ length: size }, (_, i) => makeDeviceKey(`SIM-KEY-${i + 1}`)));
    return new KeyPool(keys);
  }

  /** The key of the device with this index: devices that build their own request (MS-MDE2) sign with it. */
  keyFor(index: number): DeviceKey {
    return this.keys[index % this.keys.length];
  }

  /** The next request, round-robin. The service takes the certificate subject from its own records, not the CSR. */
  take(): string {
    const csr = this.csrs[this.next];
    this.next = (this.next + 1) % this.csrs.length;
    return csr;
  }
}

/** A device's key and its PKCS#10 request. */
export interface DeviceKey {
  csrPem: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** A fresh RSA-2048 key and a PEM PKCS#10 request signed with it (SHA-256). */
export async function makeDeviceKey(commonName: string): Promise<DeviceKey> {
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  csr.setSubject([{ name: 'commonName', value: commonName }]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return { csrPem: forge.pki.certificationRequestToPem(csr), publicKey, privateKey };
}
