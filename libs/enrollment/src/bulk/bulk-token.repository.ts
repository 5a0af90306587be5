import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis/redis-connection';
import type { Page, PageRequest } from '../paging/page';
import { LuaScript } from '../redis/lua-script';
import consumeBulkToken from './lua/consume-bulk-token-2.lua';
import refundBulkToken from './lua/refund-bulk-token-2.lua';
import { RedisKeys } from '../redis/redis-keys';

/** A bulk token as stored: its value only as a hash (for lookup) and sealed (for the package XML). */
export interface BulkTokenRecord {
  id: string;
  tokenHash: string;
  sealedToken: string;
  expiresAt: number;
  maxUses?: number;
  uses: number;
  createdAt: number;
  revokedAt?: number;
}

export type ConsumeOutcome = 'OK' | 'UNKNOWN' | 'REVOKED' | 'EXPIRED' | 'EXHAUSTED';

export abstract class BulkTokenRepository {
  abstract create(token: BulkTokenRecord): Promise<void>;
  abstract get(tokenId: string): Promise<BulkTokenRecord | null>;
  abstract findByValue(token: string): Promise<BulkTokenRecord | null>;
  /** Newest first. */
  abstract list(page: PageRequest): Promise<Page<BulkTokenRecord>>;
  /** Marks the token revoked; the first revocation time stays. Returns false for an unknown token. */
  abstract revoke(tokenId: string, at: number): Promise<boolean>;
  abstract isCounted(tokenId: string, deviceSubject: string): Promise<boolean>;
  /**
   * Counts one use for a device, once however often it is asked, unless the token is revoked, expired
   * or out of uses. Atomic, so racing devices never get more uses than maxUses.
   */
  abstract consume(tokenId: string, deviceSubject: string, now: number): Promise<ConsumeOutcome>;
  /** Gives a counted use back (a device whose enrollment failed for good); idempotent. */
  abstract refund(tokenId: string, deviceSubject: string): Promise<void>;
}

/** Tokens carry 256 random bits, so a fast hash is enough to keep their values out of Redis. */
export function hashBulkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class RedisBulkTokenRepository extends BulkTokenRepository {
  private readonly consumeScript: LuaScript<ConsumeOutcome>;
  private readonly refundScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.consumeScript = new LuaScript(redis, 'consume-bulk-token-2', consumeBulkToken);
    this.refundScript = new LuaScript(redis, 'refund-bulk-token-2', refundBulkToken);
  }

  async create(token: BulkTokenRecord): Promise<void> {
    const fields: Record<string, string | number> = {
      id: token.id,
      tokenHash: token.tokenHash,
      sealedToken: token.sealedToken,
      expiresAt: token.expiresAt,
      uses: token.uses,
      createdAt: token.createdAt,
    };
    if (token.maxUses !== undefined) fields.maxUses = token.maxUses;
    await this.redis
      .multi()
      .hset(this.keys.bulkToken(token.id), fields)
      .set(this.keys.bulkTokenByHash(token.tokenHash), token.id)
      .zadd(this.keys.bulkTokenList, token.createdAt, token.id)
      .exec();
  }

  async get(tokenId: string): Promise<BulkTokenRecord | null> {
    return toRecord(await this.redis.hgetall(this.keys.bulkToken(tokenId)));
  }

  async findByValue(token: string): Promise<BulkTokenRecord | null> {
    const tokenId = await this.redis.get(this.keys.bulkTokenByHash(hashBulkToken(token)));
    return tokenId ? this.get(tokenId) : null;
  }

  async list({ offset, limit }: PageRequest): Promise<Page<BulkTokenRecord>> {
    const [total, ids] = await Promise.all([
      this.redis.zcard(this.keys.bulkTokenList),
      this.redis.zrevrange(this.keys.bulkTokenList, offset, offset + limit - 1),
    ]);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.bulkToken(id));
    const results = ids.length === 0 ? [] : ((await pipeline.exec()) ?? []);
    const items = results.map(([, hash]) => toRecord(hash as Record<string, string>)).filter((token) => token !== null);
    return { items, total };
  }

  async revoke(tokenId: string, at: number): Promise<boolean> {
    const key = this.keys.bulkToken(tokenId);
    if (!(await this.redis.exists(key))) return false;
    await this.redis.hsetnx(key, 'revokedAt', at);
    return true;
  }

  async isCounted(tokenId: string, deviceSubject: string): Promise<boolean> {
    return (await this.redis.sismember(this.keys.bulkTokenDevices(tokenId), deviceSubject)) === 1;
  }

  consume(tokenId: string, deviceSubject: string, now: number): Promise<ConsumeOutcome> {
    return this.consumeScript.run([this.keys.bulkToken(tokenId), this.keys.bulkTokenDevices(tokenId)], [deviceSubject, now]);
  }

  async refund(tokenId: string, deviceSubject: string): Promise<void> {
    await this.refundScript.run([this.keys.bulkToken(tokenId), this.keys.bulkTokenDevices(tokenId)], [deviceSubject]);
  }
}

function toRecord(hash: Record<string, string>): BulkTokenRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    tokenHash: hash.tokenHash,
    sealedToken: hash.sealedToken,
    expiresAt: Number(hash.expiresAt),
    maxUses: 'maxUses' in hash ? Number(hash.maxUses) : undefined,
    uses: Number(hash.uses),
    createdAt: Number(hash.createdAt),
    revokedAt: 'revokedAt' in hash ? Number(hash.revokedAt) : undefined,
  };
}
