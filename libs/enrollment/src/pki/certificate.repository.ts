import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
import publishCrl from './lua/publish-crl-1.lua';
import recordCertificate from './lua/record-certificate-3.lua';
import revokeCertificate from './lua/revoke-certificate-2.lua';
import { RedisKeys } from '../redis/redis-keys';
import { CertificateRecord } from './certificate.model';

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
  private readonly recordScript: LuaScript<string | -1>;
  private readonly revokeScript: LuaScript<number>;
  private readonly publishScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.recordScript = new LuaScript(redis, 'record-certificate-3', recordCertificate);
    this.revokeScript = new LuaScript(redis, 'revoke-certificate-2', revokeCertificate);
    this.publishScript = new LuaScript(redis, 'publish-crl-1', publishCrl);
  }

  async get(serialHex: string): Promise<CertificateRecord | null> {
    const raw = await this.redis.get(this.keys.certificate(serialHex));
    return raw ? (JSON.parse(raw) as CertificateRecord) : null;
  }

  async forRequest(requestId: string): Promise<CertificateRecord | null> {
    const serialHex = await this.redis.hget(this.keys.request(requestId), 'certificateSerial');
    return serialHex ? this.get(serialHex) : null;
  }

  async recordForRequest(certificate: CertificateRecord): Promise<CertificateRecord> {
    const requestKey = this.keys.request(certificate.requestId);
    const certificateKey = this.keys.certificate(certificate.serialNumber);
    // A second call returns the first certificate, whose key is passed in: so read the request's serial first.
    for (;;) {
      const existing = await this.redis.hget(requestKey, 'certificateSerial');
      const raw = await this.recordScript.run(
        [requestKey, certificateKey, existing ? this.keys.certificate(existing) : certificateKey],
        [certificate.serialNumber, JSON.stringify(certificate), existing ?? ''],
      );
      if (raw !== -1) return JSON.parse(raw) as CertificateRecord;
    }
  }

  async revoke(serialHex: string, at: Date): Promise<void> {
    await this.revokeScript.run(
      [this.keys.revoked, this.keys.certificate(serialHex)],
      [serialHex, at.getTime(), at.toISOString()],
    );
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
    await this.publishScript.run(
      [this.keys.crl],
      [crl.number, crl.der.toString('base64'), crl.nextUpdate.toISOString()],
    );
  }

  async currentCrl(): Promise<StoredCrl | null> {
    const stored = await this.redis.hgetall(this.keys.crl);
    if (!stored.der) return null;
    return { number: Number(stored.number), der: Buffer.from(stored.der, 'base64'), nextUpdate: new Date(stored.nextUpdate) };
  }
}
