import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { RedisClient } from '@app/enrollment';
import { APP_CONFIG, AppConfig, EnrollmentError, ErrorCode, LuaScript, REDIS, RedisKeys } from '@app/enrollment';

const WINDOW_MS = 60_000;

const COUNT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/**
 * A fixed one-minute window per client, counted in Redis so that it holds however many orchestrator
 * processes share the load. A client is its credential (hashed) or, without one, its address.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly count: LuaScript<number>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.count = new LuaScript(redis, COUNT);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!request.path.startsWith('/v1/')) return true;
    const credential = request.headers.authorization ?? request.headers['x-signature'] ?? `ip:${request.ip}`;
    const client = createHash('sha256').update(String(credential)).digest('hex').slice(0, 24);
    const minute = Math.floor(Date.now() / WINDOW_MS);
    const used = await this.count.run([this.keys.rateWindow(client, minute)], [WINDOW_MS * 2]);
    if (used <= this.config.rateLimitPerMinute) return true;
    const retryAfter = Math.ceil(((minute + 1) * WINDOW_MS - Date.now()) / 1000);
    http.getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw EnrollmentError.permanent(
      ErrorCode.RateLimited,
      `More than ${this.config.rateLimitPerMinute} requests in a minute; try again in ${retryAfter} s`,
    );
  }
}
