import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';

/** The refusal of a join when the user already has `max` devices registered (or being registered). */
export function deviceQuotaExceeded(max: number): EnrollmentError {
  return EnrollmentError.permanent(
    ErrorCode.DeviceQuotaExceeded,
    `This user already has ${max} registered devices, the most allowed; one of them must leave first`,
  );
}
