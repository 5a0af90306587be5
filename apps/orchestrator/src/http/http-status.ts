import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@app/enrollment';

const STATUS: Partial<Record<ErrorCode, HttpStatus>> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.CharsetUnsupported]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.ContentEncodingUnsupported]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.BodyUnreadable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.RequestNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.DeviceNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.DeviceRemoved]: HttpStatus.CONFLICT,
  [ErrorCode.DeviceRevokeUnsupported]: HttpStatus.CONFLICT,
  [ErrorCode.RequestInProgress]: HttpStatus.CONFLICT,
  [ErrorCode.DeviceQuotaExceeded]: HttpStatus.CONFLICT,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.TokenMissing]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenMalformed]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenExpired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.AdminKeyInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenExpired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenRevoked]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenExhausted]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenWrongPackage]: HttpStatus.FORBIDDEN,
  [ErrorCode.BulkTokenNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.BulkTokenNotUsable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PackageNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.PackageTokenUnusable]: HttpStatus.CONFLICT,
  [ErrorCode.NameTemplateInvalid]: HttpStatus.BAD_REQUEST,
  [ErrorCode.WifiUserCertificateUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.OsBuildUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CsrKeyWeak]: HttpStatus.BAD_REQUEST,
  [ErrorCode.HookNotConfigured]: HttpStatus.NOT_FOUND,
  [ErrorCode.HookSignatureMissing]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.HookSignatureInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.HookTimestampStale]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.EventStreamsExhausted]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.IdentityProviderUnreachable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.StoreUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

export function httpStatusOf(code: ErrorCode): HttpStatus {
  return STATUS[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}
