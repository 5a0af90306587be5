import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
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

const RECORD_FOR_REQUEST = `
if redis.call('HSETNX', KEYS[1], 'certificateSerial', ARGV[1]) == 1 then
  redis.call('SET', KEYS[2], ARGV[2])
  return ARGV[2]
end
return redis.call('GET', ARGV[3] .. redis.call('HGET', KEYS[1], 'certificateSerial'))`;

const REVOKE = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local raw = redis.call('GET', KEYS[2])
if raw then
  local certificate = cjson.decode(raw)
  certificate.status = 'revoked'
  certificate.revokedAt = ARGV[3]
  redis.call('SET', KEYS[2], cjson.encode(certificate))
end
return 1`;

const PUBLISH_CRL = `
local current = tonumber(redis.call('HGET', KEYS[1], 'number') or '-1')
if current >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'number', ARGV[1], 'der', ARGV[2], 'nextUpdate', ARGV[3])
return 1`;

export class RedisCertificateRepository extends CertificateRepository {
  private readonly recordScript: LuaScript<string>;
  private readonly revokeScript: LuaScript<number>;
  private readonly publishScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.recordScript = new LuaScript(redis, RECORD_FOR_REQUEST);
    this.revokeScript = new LuaScript(redis, REVOKE);
    this.publishScript = new LuaScript(redis, PUBLISH_CRL);
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
    const certificateKey = this.keys.certificate(certificate.serialNumber);
    const raw = await this.recordScript.run(
      [this.keys.request(certificate.requestId), certificateKey],
      [
        certificate.serialNumber,
        JSON.stringify(certificate),
        certificateKey.slice(0, -certificate.serialNumber.length),
      ],
    );
    return JSON.parse(raw) as CertificateRecord;
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
    if (revokedError || numberError) throw revokedError ?? numberError;
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
