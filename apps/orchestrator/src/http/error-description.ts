import { HttpException, HttpStatus } from '@nestjs/common';
import { classifyError, EnrollmentError, ErrorCode } from '@app/enrollment';
import { httpStatusOf } from './http-status';

// Errors Nest or Express raise before our code runs (unknown route).
const HTTP_ERRORS: Record<number, { code: ErrorCode; message: string }> = {
  [HttpStatus.BAD_REQUEST]: { code: ErrorCode.ValidationFailed, message: 'The request is not valid' },
  [HttpStatus.NOT_FOUND]: { code: ErrorCode.NotFound, message: 'No such endpoint' },
  [HttpStatus.PAYLOAD_TOO_LARGE]: { code: ErrorCode.PayloadTooLarge, message: 'The request body is too large' },
};

/** body-parser and raw-body name what went wrong in `type`; all of it is the client's doing. */
const BODY_ERRORS: Record<string, { status: HttpStatus; code: ErrorCode; message: string }> = {
  'entity.too.large': { status: HttpStatus.PAYLOAD_TOO_LARGE, code: ErrorCode.PayloadTooLarge, message: 'The request body is too large' },
  'entity.parse.failed': { status: HttpStatus.BAD_REQUEST, code: ErrorCode.ValidationFailed, message: 'The request body is not valid JSON' },
  'charset.unsupported': { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, code: ErrorCode.CharsetUnsupported, message: 'The request body must be JSON in UTF-8' },
  'encoding.unsupported': {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    code: ErrorCode.ContentEncodingUnsupported,
    message: 'Content-Encoding must be one of identity, gzip, deflate or br',
  },
  'request.aborted': { status: HttpStatus.BAD_REQUEST, code: ErrorCode.BodyUnreadable, message: 'The client closed the request before its body ended' },
  'request.size.invalid': { status: HttpStatus.BAD_REQUEST, code: ErrorCode.BodyUnreadable, message: 'The request body does not match its Content-Length' },
};

/** An error from the http-errors package: body-parser's, or a path that does not decode. */
interface ClientHttpError {
  status: number;
  expose: true;
  type?: string;
}

/** The status, code and message an error is answered with; nothing internal shows through. */
export function describeError(exception: unknown): { status: number; code: string; message: string } {
  if (exception instanceof EnrollmentError) {
    return { status: httpStatusOf(exception.code), code: exception.code, message: exception.message };
  }
  if (isClientHttpError(exception)) {
    // A type we do not list is a body that could not be inflated (zlib's errors have none).
    const known = exception.type ? BODY_ERRORS[exception.type] : undefined;
    return known ?? { status: 400, code: ErrorCode.BodyUnreadable, message: 'The request body could not be decoded' };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, ...(HTTP_ERRORS[status] ?? { code: `HTTP_${status}`, message: exception.message }) };
  }
  // Transient and not an EnrollmentError: a connection fault, and the one dependency the orchestrator
  // reaches without wrapping its errors is the state store.
  if (classifyError(exception) === 'transient') {
    return { status: 503, code: ErrorCode.StoreUnavailable, message: 'The state store is unavailable; try again shortly' };
  }
  return { status: 500, code: ErrorCode.Internal, message: 'An internal error occurred' };
}

function isClientHttpError(error: unknown): error is ClientHttpError {
  const candidate = error as ClientHttpError | undefined;
  return candidate?.expose === true && Number.isInteger(candidate.status) && candidate.status >= 400 && candidate.status < 500;
}
