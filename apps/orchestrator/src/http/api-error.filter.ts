import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'winston';
import { EnrollmentError, ErrorCode, LOGGER } from '@app/enrollment';
import { httpStatusOf } from './http-status';

interface BodyParserError {
  type?: string;
  status?: number;
}

// Errors Nest or Express raise before our code runs (unknown route, unparsable or oversized body).
const HTTP_ERRORS: Record<number, { code: ErrorCode; message: string }> = {
  [HttpStatus.BAD_REQUEST]: { code: ErrorCode.ValidationFailed, message: 'The request body is not valid JSON' },
  [HttpStatus.NOT_FOUND]: { code: ErrorCode.NotFound, message: 'No such endpoint' },
  [HttpStatus.PAYLOAD_TOO_LARGE]: { code: ErrorCode.PayloadTooLarge, message: 'The request body is too large' },
};

/** Every error leaves as `{ error: { code, message } }` with a fitting status, and leaks no internals. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, code, message } = this.describe(exception);
    if (status >= 500) {
      this.logger.error('request failed', { code, error: exception instanceof Error ? exception.message : String(exception) });
    }
    response.status(status).json({ error: { code, message } });
  }

  private describe(exception: unknown): { status: number; code: string; message: string } {
    if (exception instanceof EnrollmentError) {
      return { status: httpStatusOf(exception.code), code: exception.code, message: exception.message };
    }
    const parserError = exception as BodyParserError;
    if (parserError?.type === 'entity.too.large') {
      return { status: 413, code: ErrorCode.PayloadTooLarge, message: 'The request body is too large' };
    }
    if (parserError?.type === 'entity.parse.failed') {
      return { status: 400, code: ErrorCode.ValidationFailed, message: 'The request body is not valid JSON' };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, ...(HTTP_ERRORS[status] ?? { code: `HTTP_${status}`, message: exception.message }) };
    }
    if (isRedisUnavailable(exception)) {
      return { status: 503, code: ErrorCode.StoreUnavailable, message: 'The state store is unavailable; try again shortly' };
    }
    return { status: 500, code: ErrorCode.Internal, message: 'An internal error occurred' };
  }
}

function isRedisUnavailable(error: unknown): boolean {
  const name = (error as Error)?.name ?? '';
  const message = (error as Error)?.message ?? '';
  return name === 'MaxRetriesPerRequestError' || /ECONNREFUSED|Connection is closed|ECONNRESET/.test(message);
}
