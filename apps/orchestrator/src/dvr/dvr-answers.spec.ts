import type { Request, Response } from 'express';
import { EnrollmentError, ErrorCode } from '@app/enrollment';
import { isDeviceRegistrationPath, sendDeviceRegistrationError } from './dvr-answers';

const request = (path: string) => ({ path }) as Request;

describe(isDeviceRegistrationPath.name, () => {
  it.each([
    ['/EnrollmentServer/contract', true],
    ['/enrollmentserver/contract', true],
    ['/EnrollmentServer/device/', true],
    ['/EnrollmentServer/device/0f3b8e6c-a271-4556-9b72-a26cbd8090c8', true],
    ['/EnrollmentServer/Discovery.svc', false],
    ['/EnrollmentServer/Enrollment.svc', false],
    ['/EnrollmentServer/devices', false],
    ['/v1/workplace-joins', false],
  ])('%s is a device registration path: %p', (path, expected) => {
    expect(isDeviceRegistrationPath(request(path))).toBe(expected);
  });
});

describe(sendDeviceRegistrationError.name, () => {
  function capture() {
    const sent: { status?: number; body?: any } = {};
    const response = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
        return this;
      },
    } as unknown as Response;
    return { sent, response };
  }

  it("answers the API's status and code as ErrorDetails", () => {
    const { sent, response } = capture();
    const sut = sendDeviceRegistrationError(response, EnrollmentError.permanent(ErrorCode.TokenMissing, 'no token'));
    expect(sut).toEqual({ status: 401, code: 'TOKEN_MISSING' });
    expect(sent).toEqual({ status: 401, body: { ErrorType: 'TOKEN_MISSING', Message: 'no token', TraceId: expect.any(String), Time: expect.any(String) } });
  });

  it("answers a body the parser refused as the client's mistake, not a 5xx", () => {
    const { sent, response } = capture();
    const parseError = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, expose: true, type: 'entity.parse.failed' });
    sendDeviceRegistrationError(response, parseError);
    expect(sent.status).toBe(400);
    expect(sent.body.ErrorType).toBe('VALIDATION_FAILED');
  });

  it('shows nothing of an internal error', () => {
    const { sent, response } = capture();
    sendDeviceRegistrationError(response, new Error('redis password is hunter2'));
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('hunter2');
  });
});
