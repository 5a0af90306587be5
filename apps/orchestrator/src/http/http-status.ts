import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@app/enrollment';

const STATUS: Partial<Record<ErrorCode, HttpStatus>> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.RequestNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.DeviceNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.RequestInProgress]: HttpStatus.CONFLICT,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.TokenMissing]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenMalformed]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenExpired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.AdminKeyInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.IdentityProviderUnreachable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.StoreUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

export function httpStatusOf(code: ErrorCode): HttpStatus {
  return STATUS[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}
