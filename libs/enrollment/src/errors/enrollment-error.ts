import { ErrorCode } from './error-code';

/**
 * A domain error with a stable code. `permanent` decides retries: bad input and policy are permanent
 * (the job fails at once), infrastructure faults are transient (retried with backoff).
 */
export class EnrollmentError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }

  /** Bad input or policy: retrying cannot help. */
  static permanent(code: ErrorCode, message: string): EnrollmentError {
    return new EnrollmentError(code, message, true);
  }

  /** A dependency failed: retrying later may succeed. */
  static transient(code: ErrorCode, message: string): EnrollmentError {
    return new EnrollmentError(code, message, false);
  }
}
