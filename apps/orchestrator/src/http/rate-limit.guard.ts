import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { addressOf, RateLimiter } from './rate-limiter';

/**
 * The first half of the rate limit, before any credential is looked at: what cannot be authenticated
 * (no credential, or a public endpoint) counts against the client's address, and an address already
 * over its limit (of such requests and of refused credentials) is refused at once. The credential
 * guards count the other half: the principal when a credential is accepted, the address when not.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!request.path.startsWith('/v1/')) return true;
    const response = http.getResponse<Response>();
    const address = addressOf(request);
    const guarded = this.reflector.getAllAndMerge<unknown[]>(GUARDS_METADATA, [context.getHandler(), context.getClass()]).length > 0;
    const credential = Boolean(request.headers.authorization || request.headers['x-signature']);
    if (guarded && credential) await this.limiter.check(address, response);
    else await this.limiter.consume(address, response);
    return true;
  }
}
