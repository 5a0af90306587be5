import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@app/enrollment';

/** Total: a new ErrorCode does not compile until it is given its status here. */
export const HTTP_STATUS: Record<ErrorCode, HttpStatus> = {
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
  [ErrorCode.DeviceCertificateRequired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.DeviceCertificateRefused]: HttpStatus.FORBIDDEN,
  // The worker's authenticate step: the token is sound, but the policy or a key rollover refuses it.
  [ErrorCode.UpnDomainNotAllowed]: HttpStatus.FORBIDDEN,
  [ErrorCode.IdentityKeyRevoked]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.CsrMalformed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CsrSignatureInvalid]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CsrKeyTooWeak]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CsrKeyUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CsrDeviceMismatch]: HttpStatus.BAD_REQUEST,
  [ErrorCode.BulkTokenInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenExpired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenRevoked]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenExhausted]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BulkTokenWrongPackage]: HttpStatus.FORBIDDEN,
  [ErrorCode.BulkTokenNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.BulkTokenNotUsable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PackageNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.PackageTokenUnusable]: HttpStatus.CONFLICT,
  [ErrorCode.EnrollmentAccountInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.EnrollmentSecurityMissing]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.EnrollmentPending]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.EnrollmentRequestUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NameTemplateInvalid]: HttpStatus.BAD_REQUEST,
  [ErrorCode.WifiUserCertificateUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.OsBuildUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CsrKeyWeak]: HttpStatus.BAD_REQUEST,
  // Device names made from a package's template, in the worker's resolve-name step.
  [ErrorCode.NameTooLong]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NameInvalidCharacters]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NameAllDigits]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NameCollision]: HttpStatus.CONFLICT,
  [ErrorCode.NameSpaceExhausted]: HttpStatus.CONFLICT,
  [ErrorCode.HookNotConfigured]: HttpStatus.NOT_FOUND,
  [ErrorCode.HookSignatureMissing]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.HookSignatureInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.HookTimestampStale]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.EventStreamsExhausted]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.IdentityProviderUnreachable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.StoreUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  // Outcomes recorded on a request by the worker or the intake reconciler: our fault, not the client's.
  [ErrorCode.JobStalled]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ErrorCode.IntakeInterrupted]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** The status an error with `code` is answered with. */
export function httpStatusOf(code: ErrorCode): HttpStatus {
  return HTTP_STATUS[code];
}
