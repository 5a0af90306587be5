import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AdfsTokenVerifier, BULK_TOKEN_PREFIX, BulkTokenService, EnrollmentError, ErrorCode } from '@app/enrollment';
import { RateLimiter } from '../http/rate-limiter';
import { AdminKeysService } from './admin-keys.service';
import { AuthenticatedRequest, bearerToken, Principal, rateLimitSubject } from './principal';

/** Resolves the bearer credential into a principal, or refuses with 401. */
@Injectable()
export class CredentialResolver {
  constructor(
    private readonly adminKeys: AdminKeysService,
    private readonly verifier: AdfsTokenVerifier,
    private readonly bulkTokens: BulkTokenService,
  ) {}

  async resolve(request: AuthenticatedRequest, accept: Accepted): Promise<Principal> {
    const token = bearerToken(request);
    if (!token) {
      throw EnrollmentError.permanent(ErrorCode.TokenMissing, 'An "Authorization: Bearer …" credential is required');
    }
    const adminKeyId = accept.admin ? this.adminKeys.adminKeyId(token) : undefined;
    if (adminKeyId) return { kind: 'admin', keyId: adminKeyId };
    if (accept.bulk && token.startsWith(BULK_TOKEN_PREFIX)) {
      return { kind: 'bulk', token: await this.bulkTokens.authenticate(token) };
    }
    if (accept.user && token.split('.').length === 3) {
      return { kind: 'user', identity: await this.verifier.verify(token) };
    }
    if (accept.user) throw EnrollmentError.permanent(ErrorCode.TokenMalformed, 'The bearer token is not a well-formed JWT');
    if (accept.bulk) throw EnrollmentError.permanent(ErrorCode.BulkTokenInvalid, 'The bulk token is not valid');
    throw EnrollmentError.permanent(ErrorCode.AdminKeyInvalid, 'The admin API key is not valid');
  }
}

interface Accepted {
  admin?: boolean;
  user?: boolean;
  bulk?: boolean;
}

@Injectable()
abstract class BearerGuard implements CanActivate {
  protected abstract readonly accept: Accepted;

  constructor(
    private readonly resolver: CredentialResolver,
    private readonly limiter: RateLimiter,
  ) {}

  /** Counts the request against the principal, or a refused credential against the client's address. */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    let principal: Principal;
    try {
      principal = await this.resolver.resolve(request, this.accept);
    } catch (error) {
      if (error instanceof EnrollmentError && error.permanent) await this.limiter.consumeRefused(request, response);
      throw error;
    }
    await this.limiter.consume(rateLimitSubject(principal), response);
    request.principal = principal;
    return true;
  }
}

/** Admin endpoints: an admin API key. */
@Injectable()
export class AdminGuard extends BearerGuard {
  protected readonly accept = { admin: true };
}

/** Device endpoints of Workplace Join: the user's AD FS token. */
@Injectable()
export class UserGuard extends BearerGuard {
  protected readonly accept = { user: true };
}

/** Device endpoints of bulk enrollment: the package's bulk token. */
@Injectable()
export class BulkTokenGuard extends BearerGuard {
  protected readonly accept = { bulk: true };
}

/** Endpoints every credential may read (users and devices only what they made). */
@Injectable()
export class AnyCredentialGuard extends BearerGuard {
  protected readonly accept = { admin: true, user: true, bulk: true };
}
