import { EnrollmentError, ErrorCode, Mde2Fault, Mde2FormatError } from '@app/enrollment';
import { faultFor } from './mde2-faults';

describe(faultFor.name, () => {
  const sut = faultFor;

  it.each([
    [ErrorCode.EnrollmentAccountInvalid, Mde2Fault.Authentication, undefined],
    [ErrorCode.EnrollmentSecurityMissing, Mde2Fault.InvalidSecurity, undefined],
    [ErrorCode.BulkTokenExpired, Mde2Fault.Authorization, undefined],
    [ErrorCode.BulkTokenRevoked, Mde2Fault.Authorization, undefined],
    [ErrorCode.BulkTokenExhausted, Mde2Fault.Authorization, 'DeviceCapReached'],
    [ErrorCode.OsBuildUnsupported, Mde2Fault.Authorization, 'DeviceNotSupported'],
    [ErrorCode.CsrKeyTooWeak, Mde2Fault.CertificateRequest, undefined],
    [ErrorCode.CsrSignatureInvalid, Mde2Fault.CertificateRequest, undefined],
    [ErrorCode.ValidationFailed, Mde2Fault.MessageFormat, undefined],
    [ErrorCode.EnrollmentRequestUnsupported, Mde2Fault.MessageFormat, undefined],
    [ErrorCode.EnrollmentPending, Mde2Fault.EnrollmentServer, 'EnrollmentServerBusy'],
    [ErrorCode.NameCollision, Mde2Fault.EnrollmentServer, undefined],
    [ErrorCode.StoreUnavailable, Mde2Fault.EnrollmentServer, undefined],
    [ErrorCode.Internal, Mde2Fault.InternalServiceFault, undefined],
  ])('answers %s with %s', (code, fault, errorType) => {
    const decision = sut(EnrollmentError.permanent(code, 'why'));

    expect(decision).toMatchObject({ fault, reason: 'why', code });
    expect(decision.errorType).toBe(errorType);
  });

  it('answers a message the codecs refuse with MessageFormat and their reason', () => {
    expect(sut(new Mde2FormatError('The body is not well-formed XML', '1.2'))).toMatchObject({
      fault: Mde2Fault.MessageFormat,
      reason: 'The body is not well-formed XML',
      status: 400,
    });
  });

  it('answers a body the reader refuses (too large) with MessageFormat', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' });

    expect(sut(tooLarge)).toMatchObject({ fault: Mde2Fault.MessageFormat, code: ErrorCode.PayloadTooLarge });
  });

  it('answers an unexpected error with InternalServiceFault and says nothing of it', () => {
    const decision = sut(new TypeError('secret internals'));

    expect(decision).toMatchObject({ fault: Mde2Fault.InternalServiceFault, status: 500 });
    expect(decision.reason).not.toContain('secret');
  });
});
