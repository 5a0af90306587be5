import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { VerifiedIdentity } from '@app/enrollment';

/** Who is calling: an administrator (API key) or a user proven by an AD FS token. */
export type Principal = { kind: 'admin' } | { kind: 'user'; identity: VerifiedIdentity };

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The owner tag stored on requests a user makes, so that the same user may read them back. */
export function ownerOf(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : `upn:${principal.identity.upn}`;
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
