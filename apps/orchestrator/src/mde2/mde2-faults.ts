import { ErrorCode, Mde2Fault, Mde2FormatError } from '@app/enrollment';
import { describeError } from '../http/error-description';

/** A fault as the adapter decides it: subcode, readable reason, and the detail Windows shows where one applies. */
export interface FaultDecision {
  fault: Mde2Fault;
  reason: string;
  /** The service's error code, for logs and metrics. */
  code: string;
  /** The HTTP status the same error gets on the JSON API (tells the client's mistakes from the service's). */
  status: number;
  errorType?: string;
}

const FAULT_BY_CODE: Partial<Record<string, Mde2Fault>> = {
  [ErrorCode.EnrollmentAccountInvalid]: Mde2Fault.Authentication,
  [ErrorCode.EnrollmentSecurityMissing]: Mde2Fault.InvalidSecurity,
  [ErrorCode.DeviceCertificateRequired]: Mde2Fault.InvalidSecurity,
  [ErrorCode.DeviceCertificateRefused]: Mde2Fault.Authentication,
  [ErrorCode.BulkTokenInvalid]: Mde2Fault.Authentication,
  [ErrorCode.BulkTokenExpired]: Mde2Fault.Authorization,
  [ErrorCode.BulkTokenRevoked]: Mde2Fault.Authorization,
  [ErrorCode.BulkTokenExhausted]: Mde2Fault.Authorization,
  [ErrorCode.BulkTokenWrongPackage]: Mde2Fault.Authorization,
  [ErrorCode.PackageNotFound]: Mde2Fault.Authorization,
  [ErrorCode.PackageTokenUnusable]: Mde2Fault.Authorization,
  [ErrorCode.OsBuildUnsupported]: Mde2Fault.Authorization,
  [ErrorCode.CsrMalformed]: Mde2Fault.CertificateRequest,
  [ErrorCode.CsrSignatureInvalid]: Mde2Fault.CertificateRequest,
  [ErrorCode.CsrKeyTooWeak]: Mde2Fault.CertificateRequest,
  [ErrorCode.CsrKeyWeak]: Mde2Fault.CertificateRequest,
  [ErrorCode.CsrKeyUnsupported]: Mde2Fault.CertificateRequest,
  [ErrorCode.CsrDeviceMismatch]: Mde2Fault.CertificateRequest,
  [ErrorCode.ValidationFailed]: Mde2Fault.MessageFormat,
  [ErrorCode.EnrollmentRequestUnsupported]: Mde2Fault.MessageFormat,
  [ErrorCode.PayloadTooLarge]: Mde2Fault.MessageFormat,
  [ErrorCode.CharsetUnsupported]: Mde2Fault.MessageFormat,
  [ErrorCode.ContentEncodingUnsupported]: Mde2Fault.MessageFormat,
  [ErrorCode.BodyUnreadable]: Mde2Fault.MessageFormat,
  [ErrorCode.Internal]: Mde2Fault.InternalServiceFault,
};

/** MS-MDE2's ErrorType values, which Windows turns into the message the user sees. */
const ERROR_TYPES: Partial<Record<string, string>> = {
  [ErrorCode.BulkTokenExhausted]: 'DeviceCapReached',
  [ErrorCode.OsBuildUnsupported]: 'DeviceNotSupported',
  [ErrorCode.EnrollmentPending]: 'EnrollmentServerBusy',
  [ErrorCode.RateLimited]: 'EnrollmentServerBusy',
};

/**
 * The MS-MDE2 fault for an error: who the device is (Authentication), what it may do (Authorization),
 * its certificate request (CertificateRequest), its message (MessageFormat); what the service could
 * not do now is EnrollmentServer (the device retries), and what it did not expect InternalServiceFault.
 */
export function faultFor(error: unknown): FaultDecision {
  if (error instanceof Mde2FormatError) {
    return { fault: Mde2Fault.MessageFormat, reason: error.message, code: ErrorCode.ValidationFailed, status: 400 };
  }
  const { status, code, message } = describeError(error);
  const errorType = ERROR_TYPES[code];
  return { fault: FAULT_BY_CODE[code] ?? Mde2Fault.EnrollmentServer, reason: message, code, status, ...(errorType && { errorType }) };
}
