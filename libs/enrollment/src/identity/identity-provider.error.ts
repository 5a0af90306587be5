import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';

/** An AD FS answer that asking again later may change: it is busy, failing or rate limiting us. */
export function isTransientHttpStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * AD FS (or the file standing in for it) could not give its key set. `status` is the HTTP status when
 * AD FS answered, undefined when it did not (network error, timeout, unreadable file, not a key set).
 * No answer, a 5xx and a 429 are transient; any other answer is AD FS refusing us, which a retry of the
 * same request cannot change.
 */
export class IdentityProviderError extends EnrollmentError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(ErrorCode.IdentityProviderUnreachable, message, status !== undefined && !isTransientHttpStatus(status));
    this.name = 'IdentityProviderError';
  }
}
