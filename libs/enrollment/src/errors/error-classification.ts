import { CONNECTION_CLOSED_ERROR_MSG } from 'ioredis/built/utils';
import { z } from 'zod';
import { isTransientHttpStatus, IdentityProviderError } from '../identity/identity-provider.error';
import { EnrollmentError } from './enrollment-error';
import { ErrorCode } from './error-code';
import { describeIssues } from './validation-issues';

/**
 * What a failure means for the work that met it:
 * - `transient`: a dependency is down or busy; the same work may succeed later, so it is retried.
 * - `permanent`: the input or a policy refuses it; retrying cannot help, so it fails at once.
 * - `unknown`: nothing below recognises it. That is a bug in this service, not weather: it is
 *   reported as one (INTERNAL_ERROR, with its stack), not retried as if it would pass.
 *
 * Decided from types and structured fields only, never from the prose of a message.
 */
export type ErrorClass = 'transient' | 'permanent' | 'unknown';

/**
 * Node's `code` on a system error (socket, DNS) that says the peer is unreachable or went away.
 * ENOTFOUND is here because a resolver that cannot answer reports it too, not only a name that does
 * not exist; our peers are configured addresses, so a missing name is an outage, not bad input.
 */
const TRANSIENT_SYSTEM_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** ioredis's own error classes (matched by `name`: BullMQ may load its own copy of ioredis). */
const TRANSIENT_REDIS_CLIENT_ERRORS: ReadonlySet<string> = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);

/**
 * Redis error replies that mean "not now": still loading its data set, busy running a script, a
 * cluster slot moving or the cluster down, a replica without its master.
 */
const TRANSIENT_REDIS_REPLIES: ReadonlySet<string> = new Set(['LOADING', 'BUSY', 'TRYAGAIN', 'CLUSTERDOWN', 'MASTERDOWN']);

/** Decides whether `error` is transient, permanent, or a bug (see ErrorClass). */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof IdentityProviderError && error.status !== undefined) {
    return isTransientHttpStatus(error.status) ? 'transient' : 'permanent';
  }
  if (error instanceof EnrollmentError) return error.permanent ? 'permanent' : 'transient';
  if (error instanceof z.core.$ZodError) return 'permanent';
  return isUnavailable(error) ? 'transient' : 'unknown';
}

/**
 * A fault of the connection to a dependency (Redis, a socket) rather than of the work: the transient
 * errors that are not EnrollmentErrors. `fetch` wraps the system error in `cause`, so that is read too.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as NodeJS.ErrnoException;
  if (typeof code === 'string' && TRANSIENT_SYSTEM_CODES.has(code)) return true;
  if (TRANSIENT_REDIS_CLIENT_ERRORS.has(error.name)) return true;
  // ioredis rejects pending commands on a closed connection with a plain Error whose message is this
  // exported constant; comparing against it is how ioredis itself recognises the case (no class exists).
  if (error.message === CONNECTION_CLOSED_ERROR_MSG) return true;
  // By the Redis protocol an error reply starts with its error code, one upper-case word, then the text
  // ("LOADING Redis is loading the dataset in memory"): reading the first word reads a field of the reply.
  if (error.name === 'ReplyError' && TRANSIENT_REDIS_REPLIES.has(error.message.split(' ', 1)[0])) return true;
  return error.cause !== undefined && error.cause !== error && isUnavailable(error.cause);
}

/**
 * `error` as an EnrollmentError: an EnrollmentError as it is, a validation error as VALIDATION_FAILED
 * (permanent), anything else as INTERNAL_ERROR (transient; callers limit the retries of an unknown one).
 */
export function toEnrollmentError(error: unknown): EnrollmentError {
  if (error instanceof EnrollmentError) return error;
  if (error instanceof z.core.$ZodError) return EnrollmentError.permanent(ErrorCode.ValidationFailed, describeIssues(error.issues, 'value'));
  const message = error instanceof Error ? error.message : String(error);
  return EnrollmentError.transient(ErrorCode.Internal, message);
}
