import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { BulkTokenRecord, VerifiedIdentity } from '@app/enrollment';

/** Who is calling: an administrator (API key), a user (AD FS token) or a device holding a bulk token. */
export type Principal = { kind: 'admin'; keyId: string } | { kind: 'user'; identity: VerifiedIdentity } | { kind: 'bulk'; token: BulkTokenRecord };

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The owner tag stored on requests a user makes, so that the same user may read them back. */
export function ownerOf(principal: Principal): string {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'user':
      return `upn:${principal.identity.upn}`;
    case 'bulk':
      return `bulk-token:${principal.token.id}`;
  }
}

/** Who is counted for the rate limit: the admin key, the user, the bulk token. */
export function rateLimitSubject(principal: Principal): string {
  return principal.kind === 'admin' ? `admin-key:${principal.keyId}` : ownerOf(principal);
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal!,
);

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The AD FS identity of the caller, on routes guarded by UserGuard. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): VerifiedIdentity => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'user') throw new Error('CurrentUser used on a route without UserGuard');
  return principal.identity;
});

/** The bulk token of the calling device, on routes guarded by BulkTokenGuard. */
export const CurrentBulkToken = createParamDecorator((_: unknown, context: ExecutionContext): BulkTokenRecord => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'bulk') throw new Error('CurrentBulkToken used on a route without BulkTokenGuard');
  return principal.token;
});
