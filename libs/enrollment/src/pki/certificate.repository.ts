import type { RedisClient } from '../redis/redis-connection';
import { createHash } from 'node:crypto';
import { LuaScript } from '../redis/lua-script';
import publishCrl from './lua/publish-crl-1.lua';
import readCertificate from './lua/read-certificate-1.lua';
import recordCertificate from './lua/record-certificate-3.lua';
import revokeCertificate from './lua/revoke-certificate-2.lua';
import { RedisKeys } from '../redis/redis-keys';
import { CertificateRecord } from './certificate.model';
import { derToPem, pemToDer } from './der';

/** A request's certificate index is kept as long as the request record (30 days after it was made). */
const REQUEST_CERTIFICATE_TTL_SECONDS = 30 * 24 * 3600;

export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
}

export interface StoredCrl {
  number: number;
  der: Buffer;
  nextUpdate: Date;
}

/** Issued certificates, the revocation list and the published CRL. */
export abstract class CertificateRepository {
  abstract get(serialHex: string): Promise<CertificateRecord | null>;
  /** The certificate a request recorded, if it has one. */
  abstract forRequest(requestId: string): Promise<CertificateRecord | null>;
  /**
   * Stores `certificate` as the one certificate of its request, unless the request already has one;
   * returns the certificate that is the request's afterwards.
   */
  abstract recordForRequest(certificate: CertificateRecord): Promise<CertificateRecord>;
  /** Marks a certificate revoked; idempotent, the first revocation time stays. */
  abstract revoke(serialHex: string, at: Date): Promise<void>;
  /** Every revoked serial, read together with a fresh CRL number so that a higher number never lists less. */
  abstract snapshotForCrl(): Promise<{ entries: RevokedEntry[]; crlNumber: number }>;
  /** Publishes a CRL unless one with a higher number is already published. */
  abstract publishCrl(crl: StoredCrl): Promise<void>;
  abstract currentCrl(): Promise<StoredCrl | null>;
}

export class RedisCertificateRepository extends CertificateRepository {
  private readonly readScript: LuaScript<Buffer[] | Buffer | null>;
  private readonly recordScript: LuaScript<string>;
  private readonly revokeScript: LuaScript<number>;
  private readonly publishScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.readScript = new LuaScript(redis, 'read-certificate-1', readCertificate);
    this.recordScript = new LuaScript(redis, 'record-certificate-3', recordCertificate);
    this.revokeScript = new LuaScript(redis, 'revoke-certificate-2', revokeCertificate);
    this.publishScript = new LuaScript(redis, 'publish-crl-1', publishCrl);
  }

  async get(serialHex: string): Promise<CertificateRecord | null> {
    const stored = await this.readScript.runBuffer([this.keys.certificate(serialHex)], []);
    if (!stored) return null;
    // A record stored before certificates were kept as DER is the whole record as JSON, PEM included.
    if (Buffer.isBuffer(stored)) return JSON.parse(stored.toString('utf8')) as CertificateRecord;
    const fields = new Map<string, Buffer>();
    for (let i = 0; i < stored.length; i += 2) fields.set(stored[i].toString('utf8'), stored[i + 1]);
    return fromStored(serialHex, fields);
  }

  async forRequest(requestId: string): Promise<CertificateRecord | null> {
    const [serialHex, older] = await Promise.all([
      this.redis.get(this.keys.requestCertificate(requestId)),
      // A request recorded before this index names its certificate in its own hash (read, never written).
      this.redis.hget(this.keys.request(requestId), 'certificateSerial'),
    ]);
    const serial = serialHex ?? older;
    return serial ? this.get(serial) : null;
  }

  async recordForRequest(certificate: CertificateRecord): Promise<CertificateRecord> {
    const { der, record } = toStored(certificate);
    const serialHex = await this.recordScript.run(
      [this.keys.requestCertificate(certificate.requestId), this.keys.certificate(certificate.serialNumber), this.keys.request(certificate.requestId)],
      [certificate.serialNumber, der, record, REQUEST_CERTIFICATE_TTL_SECONDS],
    );
    if (serialHex === certificate.serialNumber) return certificate;
    const first = await this.get(serialHex);
    if (!first) throw new Error(`Request ${certificate.requestId} names certificate ${serialHex}, which is not stored`);
    return first;
  }

  async revoke(serialHex: string, at: Date): Promise<void> {
    await this.revokeScript.run([this.keys.revoked, this.keys.certificate(serialHex)], [serialHex, at.getTime(), at.toISOString()]);
  }

  async snapshotForCrl(): Promise<{ entries: RevokedEntry[]; crlNumber: number }> {
    const results = await this.redis.multi().hgetall(this.keys.revoked).incr(this.keys.crlNumber).exec();
    if (!results) throw new Error('CRL snapshot transaction was aborted');
    const [[revokedError, revoked], [numberError, crlNumber]] = results;
    const failed = revokedError ?? numberError;
    if (failed) throw failed;
    const entries = Object.entries(revoked as Record<string, string>).map(([serialHex, at]) => ({
      serialHex,
      revokedAt: new Date(Number(at)),
    }));
    return { entries, crlNumber: crlNumber as number };
  }

  async publishCrl(crl: StoredCrl): Promise<void> {
    await this.publishScript.run([this.keys.crl], [crl.number, crl.der.toString('base64'), crl.nextUpdate.toISOString()]);
  }

  async currentCrl(): Promise<StoredCrl | null> {
    const stored = await this.redis.hgetall(this.keys.crl);
    if (!stored.der) return null;
    return { number: Number(stored.number), der: Buffer.from(stored.der, 'base64'), nextUpdate: new Date(stored.nextUpdate) };
  }
}

/** What a certificate record keeps besides its DER; the serial is in its key, the thumbprints are hashes of the DER. */
interface StoredRecord {
  subject: string;
  notBefore: string;
  notAfter: string;
  requestId: string;
  deviceObjectId: string;
}

/**
 * A certificate as its hash keeps it: the DER (about three quarters of the PEM, with no line breaks) and
 * a short JSON of what the DER does not give back as the API shows it. `revokedAt` is added on revocation.
 */
function toStored(certificate: CertificateRecord): { der: Buffer; record: string } {
  const { subject, notBefore, notAfter, requestId, deviceObjectId } = certificate;
  const record: StoredRecord = { subject, notBefore, notAfter, requestId, deviceObjectId };
  return { der: pemToDer(certificate.pem, 'CERTIFICATE'), record: JSON.stringify(record) };
}

function fromStored(serialNumber: string, fields: ReadonlyMap<string, Buffer>): CertificateRecord {
  const der = fields.get('der');
  const record = fields.get('record');
  if (!der || !record) throw new Error(`Certificate ${serialNumber} is stored without its DER or its record`);
  const { subject, notBefore, notAfter, requestId, deviceObjectId } = JSON.parse(record.toString('utf8')) as StoredRecord;
  const revokedAt = fields.get('revokedAt')?.toString('utf8');
  return {
    serialNumber,
    pem: derToPem(der, 'CERTIFICATE'),
    thumbprintSha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    subject,
    notBefore,
    notAfter,
    requestId,
    deviceObjectId,
    status: revokedAt ? 'revoked' : 'valid',
    ...(revokedAt && { revokedAt }),
  };
}
