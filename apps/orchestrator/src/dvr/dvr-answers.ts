import type { Request, Response } from 'express';
import { renderErrorDetails } from '@app/enrollment';
import { describeError } from '../http/error-description';

/** The MS-DVRD and MS-DVRJ resources: JSON, unlike the SOAP endpoints beside them under /EnrollmentServer/. */
const DEVICE_REGISTRATION_PATH = /^\/EnrollmentServer\/(contract|device)(\/|$)/i;

export function isDeviceRegistrationPath(request: Request): boolean {
  return DEVICE_REGISTRATION_PATH.test(request.path);
}

/** Answers an error as the MS-DVRJ ErrorDetails object; its status and ErrorType are the API's own for that error. */
export function sendDeviceRegistrationError(response: Response, exception: unknown): { status: number; code: string } {
  const { status, code, message } = describeError(exception);
  response.status(status).json(renderErrorDetails(code, message));
  return { status, code };
}
