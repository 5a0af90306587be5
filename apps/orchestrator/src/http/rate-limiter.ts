import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { RedisClient } from '@app/enrollment';
import { APP_CONFIG, AppConfig, EnrollmentError, ErrorCode, LuaScript, REDIS, RedisKeys } from '@app/enrollment';
import { clientAddress } from './client-address';
import countRequest from './lua/count-request-1.lua';

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per client, counted in Redis so that it holds however many orchestrator
 * processes share the load. A client is an authenticated principal, or an address for everything that
 * is not authenticated (no credential, a public endpoint, a credential that was refused): only real
 * identities and real addresses ever get a counter, however many junk credentials arrive.
 */
@Injectable()
export class RateLimiter {
  private readonly count: LuaScript<number>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.count = new LuaScript(redis, 'count-request-1', countRequest);
  }

  /** Counts one request of the client; over the limit, refuses it with 429 and Retry-After. */
  async consume(client: string, response: Response): Promise<void> {
    const minute = currentMinute();
    const used = await this.count.run([this.keys.rateWindow(bucketOf(client), minute)], [WINDOW_MS * 2]);
    if (used > this.config.rateLimitPerMinute) this.refuse(minute, response);
  }

  /** Counts a request whose credential was refused against the address it came from. */
  consumeRefused(request: Request, response: Response): Promise<void> {
    return this.consume(addressOf(request), response);
  }

  /** Refuses a client that is already over the limit, without counting this request. */
  async check(client: string, response: Response): Promise<void> {
    const minute = currentMinute();
    const used = Number(await this.redis.get(this.keys.rateWindow(bucketOf(client), minute)));
    if (used >= this.config.rateLimitPerMinute) this.refuse(minute, response);
  }

  private refuse(minute: number, response: Response): never {
    const retryAfter = Math.max(1, Math.ceil(((minute + 1) * WINDOW_MS - Date.now()) / 1000));
    response.setHeader('Retry-After', String(retryAfter));
    throw EnrollmentError.permanent(ErrorCode.RateLimited, `More than ${this.config.rateLimitPerMinute} requests in a minute; try again in ${retryAfter} s`);
  }
}

/** The rate-limit client of a request that is not authenticated. */
export const addressOf = (request: Request) => `address:${clientAddress(request)}`;

const currentMinute = () => Math.floor(Date.now() / WINDOW_MS);

// Hashed: key names carry no UPN or address.
const bucketOf = (client: string) => createHash('sha256').update(client).digest('hex').slice(0, 24);
