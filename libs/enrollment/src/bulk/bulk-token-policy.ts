import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';

/** Bulk tokens live at most this long, like Azure AD bulk tokens. */
export const MAX_BULK_TOKEN_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

export type BulkTokenState = 'active' | 'expired' | 'revoked' | 'exhausted';

/** The fields of a bulk token that decide whether it may still be used; times in epoch milliseconds. */
export interface BulkTokenUsage {
  expiresAt: number;
  revokedAt?: number;
  maxUses?: number;
  uses: number;
}

/** The error each unusable state is reported with. */
export const BULK_TOKEN_STATE_ERRORS: Record<Exclude<BulkTokenState, 'active'>, ErrorCode> = {
  expired: ErrorCode.BulkTokenExpired,
  revoked: ErrorCode.BulkTokenRevoked,
  exhausted: ErrorCode.BulkTokenExhausted,
};

/** Throws unless `expiresAt` is after `now` and at most 180 days after it (exactly 180 days is allowed). */
export function assertTokenExpiry(expiresAt: Date, now: Date): void {
  const ahead = expiresAt.getTime() - now.getTime();
  if (Number.isNaN(ahead)) {
    throw EnrollmentError.permanent(ErrorCode.ValidationFailed, 'expiresAt is not a valid date');
  }
  if (ahead <= 0) {
    throw EnrollmentError.permanent(ErrorCode.ValidationFailed, `expiresAt ${expiresAt.toISOString()} must be in the future`);
  }
  if (ahead > MAX_BULK_TOKEN_DAYS * DAY_MS) {
    throw EnrollmentError.permanent(
      ErrorCode.ValidationFailed,
      `expiresAt ${expiresAt.toISOString()} is more than ${MAX_BULK_TOKEN_DAYS} days ahead; bulk tokens live at most ${MAX_BULK_TOKEN_DAYS} days`,
    );
  }
}

/** Whether a token may be used at `now`; revoked wins over expired, which wins over exhausted. */
export function bulkTokenState(token: BulkTokenUsage, now: number): BulkTokenState {
  if (token.revokedAt !== undefined) return 'revoked';
  // The instant of expiry is already expired, as in the store's consume script.
  if (token.expiresAt <= now) return 'expired';
  if (token.maxUses !== undefined && token.uses >= token.maxUses) return 'exhausted';
  return 'active';
}
