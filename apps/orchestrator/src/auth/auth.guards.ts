import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AdfsTokenVerifier, EnrollmentError, ErrorCode } from '@app/enrollment';
import { AdminKeysService } from './admin-keys.service';
import { AuthenticatedRequest, bearerToken, Principal } from './principal';

/** Resolves the bearer credential into a principal, or refuses with 401. */
@Injectable()
export class CredentialResolver {
  constructor(
    private readonly adminKeys: AdminKeysService,
    private readonly verifier: AdfsTokenVerifier,
  ) {}

  async resolve(request: AuthenticatedRequest, accept: { admin: boolean; user: boolean }): Promise<Principal> {
    const token = bearerToken(request);
    if (!token) {
      throw EnrollmentError.permanent(ErrorCode.TokenMissing, 'An "Authorization: Bearer …" credential is required');
    }
    if (accept.admin && this.adminKeys.isAdminKey(token)) return { kind: 'admin' };
    if (accept.user && token.split('.').length === 3) {
      return { kind: 'user', identity: await this.verifier.verify(token) };
    }
    throw accept.user
      ? EnrollmentError.permanent(ErrorCode.TokenMalformed, 'The bearer token is not a well-formed JWT')
      : EnrollmentError.permanent(ErrorCode.AdminKeyInvalid, 'The admin API key is not valid');
  }
}

@Injectable()
abstract class BearerGuard implements CanActivate {
  protected abstract readonly accept: { admin: boolean; user: boolean };

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
  protected readonly accept = { admin: true, user: false };
}

/** Device endpoints of Workplace Join: the user's AD FS token. */
@Injectable()
export class UserGuard extends BearerGuard {
  protected readonly accept = { admin: false, user: true };
}

/** Endpoints that both may read (their own requests, for users). */
@Injectable()
export class AdminOrUserGuard extends BearerGuard {
  protected readonly accept = { admin: true, user: true };
}
