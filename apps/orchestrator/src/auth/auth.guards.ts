import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AdfsTokenVerifier, BULK_TOKEN_PREFIX, BulkTokenService, EnrollmentError, ErrorCode } from '@app/enrollment';
import { AdminKeysService } from './admin-keys.service';
import { AuthenticatedRequest, bearerToken, Principal } from './principal';

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
    if (accept.admin && this.adminKeys.isAdminKey(token)) return { kind: 'admin' };
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

  constructor(private readonly resolver: CredentialResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.resolver.resolve(request, this.accept);
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
