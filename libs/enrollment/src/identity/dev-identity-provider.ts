import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/redis-connection';
import { exportJWK, generateKeyPair, importJWK, JSONWebKeySet, JWK, SignJWT } from 'jose';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * A stand-in for AD FS, for development only: it mints RS256 tokens shaped like AD FS access tokens.
 * Its key lives in Redis so that every orchestrator and worker process trusts the same one.
 */
export class DevIdentityProvider {
  private key?: Promise<StoredKey>;

  constructor(
    private readonly redis: RedisClient,
    private readonly redisKey: string,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly upnClaim: string,
  ) {}

  /** Mints a one-hour token for `upn`. */
  async mint(upn: string, lifetimeSeconds = 3600): Promise<string> {
    const key = await this.loadKey();
    return new SignJWT({ [this.upnClaim]: upn, unique_name: upn })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
      .setJti(randomUUID())
      .sign(await importJWK(key.privateJwk, 'RS256'));
  }

  async jwks(): Promise<JSONWebKeySet> {
    const key = await this.loadKey();
    return { keys: [key.publicJwk] };
  }

  private loadKey(): Promise<StoredKey> {
    this.key ??= this.createOrRead().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async createOrRead(): Promise<StoredKey> {
    const existing = await this.redis.get(this.redisKey);
    if (existing) return JSON.parse(existing) as StoredKey;
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const candidate: StoredKey = {
      kid,
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    };
    // Several processes may start together: the first key written wins and everybody reads it back.
    await this.redis.set(this.redisKey, JSON.stringify(candidate), 'NX');
    return JSON.parse((await this.redis.get(this.redisKey))!) as StoredKey;
  }
}
