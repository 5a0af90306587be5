import type { KeyObject } from 'node:crypto';
import type { RedisClient } from '../redis/redis-connection';
import { CertificateAuthority, createCaMaterial, randomSerialHex } from './';
import { RedisKeys } from '../redis/redis-keys';
import { CertificateRecord } from './certificate.model';
import type { DirectoryIds } from './directory-ids';
import { CertificateRepository } from './certificate.repository';

export interface PkiSettings {
  passphrase: string;
  commonName: string;
  certValidityDays: number;
  crlValidityHours: number;
  /** Where devices and `openssl verify -crl_check` fetch the CRL; written into every certificate. */
  crlUrl: string;
}

export interface CertificateRecordRequest {
  requestId: string;
  deviceObjectId: string;
  publicKey: KeyObject;
  subject: { commonName: string; organizationalUnit?: string };
  directoryIds?: DirectoryIds;
  now?: Date;
}

/** Signs a device certificate with `ca` and describes it as the record the certificate store keeps. */
export function issueCertificateRecord(
  ca: CertificateAuthority,
  request: CertificateRecordRequest,
  settings: Pick<PkiSettings, 'certValidityDays' | 'crlUrl'>,
): CertificateRecord {
  const now = request.now ?? new Date();
  const issued = ca.issueDeviceCertificate({
    publicKey: request.publicKey,
    subject: request.subject,
    serialHex: randomSerialHex(),
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + settings.certValidityDays * DAY_MS),
    crlUrl: settings.crlUrl,
    directoryIds: request.directoryIds,
  });
  return {
    serialNumber: issued.serialHex,
    pem: issued.pem,
    thumbprintSha1: issued.thumbprintSha1,
    thumbprintSha256: issued.thumbprintSha256,
    subject: issued.subject,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    requestId: request.requestId,
    deviceObjectId: request.deviceObjectId,
    status: 'valid',
  };
}

interface StoredCa {
  certPem: string;
  encryptedKeyPem: string;
  createdAt: string;
}

/** The CA's encrypted private key as stored under `keys`, or undefined before the first start creates it. */
export async function readStoredCaKey(redis: RedisClient, keys: RedisKeys): Promise<string | undefined> {
  const stored = await redis.get(keys.ca);
  return stored ? (JSON.parse(stored) as StoredCa).encryptedKeyPem : undefined;
}

const CA_VALIDITY_DAYS = 10 * 365;
const DAY_MS = 24 * 3600 * 1000;
// Backdating absorbs clock skew between the CA and the devices.
const BACKDATE_MS = 5 * 60 * 1000;

/** The certificate authority as the flows use it: issue, revoke, publish the CRL. */
export class PkiService {
  private authority?: CertificateAuthority;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly certificates: CertificateRepository,
    private readonly settings: PkiSettings,
  ) {}

  /**
   * Loads the CA, creating it on first start. Several processes may start together: each may generate a
   * candidate, the first one written wins, and every process loads that one.
   */
  async init(): Promise<void> {
    let stored = await this.redis.get(this.keys.ca);
    if (!stored) {
      const material = await createCaMaterial({
        commonName: this.settings.commonName,
        validityDays: CA_VALIDITY_DAYS,
        passphrase: this.settings.passphrase,
      });
      const candidate: StoredCa = { ...material, createdAt: new Date().toISOString() };
      await this.redis.set(this.keys.ca, JSON.stringify(candidate), 'NX');
      stored = (await this.redis.get(this.keys.ca))!;
    }
    const ca = JSON.parse(stored) as StoredCa;
    this.authority = CertificateAuthority.load(ca.certPem, ca.encryptedKeyPem, this.settings.passphrase);
    if (!(await this.certificates.currentCrl())) await this.publishCrl();
  }

  get caPem(): string {
    return this.ca.certPem;
  }

  /** Signs a device certificate; the subject comes from the authenticated identity, never from the CSR. */
  issue(request: CertificateRecordRequest): CertificateRecord {
    return issueCertificateRecord(this.ca, request, this.settings);
  }

  /** Revokes and re-signs the CRL at once, so that the next download already lists the certificate. */
  async revoke(serialHex: string, at = new Date()): Promise<void> {
    await this.certificates.revoke(serialHex, at);
    await this.publishCrl();
  }

  /** The current CRL (DER), re-signed first when it is missing or past half its validity. */
  async crl(): Promise<Buffer> {
    const current = await this.certificates.currentCrl();
    const halfLife = (this.settings.crlValidityHours * 3600 * 1000) / 2;
    if (current && current.nextUpdate.getTime() - Date.now() > halfLife) return current.der;
    return this.publishCrl();
  }

  private async publishCrl(): Promise<Buffer> {
    const { entries, crlNumber } = await this.certificates.snapshotForCrl();
    const thisUpdate = new Date(Date.now() - BACKDATE_MS);
    const nextUpdate = new Date(Date.now() + this.settings.crlValidityHours * 3600 * 1000);
    const der = this.ca.signCrl({ entries, crlNumber, thisUpdate, nextUpdate });
    await this.certificates.publishCrl({ number: crlNumber, der, nextUpdate });
    return der;
  }

  private get ca(): CertificateAuthority {
    if (!this.authority) throw new Error('PkiService.init() has not run');
    return this.authority;
  }
}
