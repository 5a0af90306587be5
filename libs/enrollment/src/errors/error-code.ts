/** Every error the service reports carries one of these codes; they are part of the API contract. */
export enum ErrorCode {
  // Request shape and HTTP boundary
  ValidationFailed = 'VALIDATION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  NotFound = 'NOT_FOUND',
  RequestNotFound = 'REQUEST_NOT_FOUND',
  DeviceNotFound = 'DEVICE_NOT_FOUND',
  RequestInProgress = 'REQUEST_IN_PROGRESS',
  Forbidden = 'FORBIDDEN',
  // Credentials (401)
  TokenMissing = 'TOKEN_MISSING',
  TokenMalformed = 'TOKEN_MALFORMED',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenInvalid = 'TOKEN_INVALID',
  AdminKeyInvalid = 'ADMIN_KEY_INVALID',
  // Identity (worker authenticate step)
  UpnDomainNotAllowed = 'UPN_DOMAIN_NOT_ALLOWED',
  IdentityKeyRevoked = 'IDENTITY_KEY_REVOKED',
  IdentityProviderUnreachable = 'IDENTITY_PROVIDER_UNREACHABLE',
  // Certificate signing requests
  CsrMalformed = 'CSR_MALFORMED',
  CsrSignatureInvalid = 'CSR_SIGNATURE_INVALID',
  CsrKeyTooWeak = 'CSR_KEY_TOO_WEAK',
  CsrKeyUnsupported = 'CSR_KEY_UNSUPPORTED',
  CsrDeviceMismatch = 'CSR_DEVICE_MISMATCH',
  // Bulk enrollment: tokens, packages, device names
  BulkTokenInvalid = 'BULK_TOKEN_INVALID',
  BulkTokenExpired = 'BULK_TOKEN_EXPIRED',
  BulkTokenRevoked = 'BULK_TOKEN_REVOKED',
  BulkTokenExhausted = 'BULK_TOKEN_EXHAUSTED',
  BulkTokenNotUsable = 'BULK_TOKEN_NOT_USABLE',
  BulkTokenNotFound = 'BULK_TOKEN_NOT_FOUND',
  BulkTokenWrongPackage = 'BULK_TOKEN_WRONG_PACKAGE',
  PackageNotFound = 'PACKAGE_NOT_FOUND',
  PackageTokenUnusable = 'PACKAGE_TOKEN_UNUSABLE',
  NameTemplateInvalid = 'NAME_TEMPLATE_INVALID',
  WifiUserCertificateUnsupported = 'WIFI_USER_CERTIFICATE_UNSUPPORTED',
  OsBuildUnsupported = 'OS_BUILD_UNSUPPORTED',
  NameTooLong = 'NAME_TOO_LONG',
  NameInvalidCharacters = 'NAME_INVALID_CHARACTERS',
  NameAllDigits = 'NAME_ALL_DIGITS',
  NameCollision = 'NAME_COLLISION',
  NameSpaceExhausted = 'NAME_SPACE_EXHAUSTED',
  // Configuration Manager hook
  HookNotConfigured = 'HOOK_NOT_CONFIGURED',
  HookSignatureMissing = 'HOOK_SIGNATURE_MISSING',
  HookSignatureInvalid = 'HOOK_SIGNATURE_INVALID',
  HookTimestampStale = 'HOOK_TIMESTAMP_STALE',
  // Infrastructure
  StoreUnavailable = 'STORE_UNAVAILABLE',
  JobStalled = 'JOB_STALLED',
  Internal = 'INTERNAL_ERROR',
}
