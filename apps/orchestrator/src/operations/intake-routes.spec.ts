import type { Request } from 'express';
import { intakeFlowOf } from './intake-routes';

const request = (method: string, path: string, body?: unknown) => ({ method, path, body }) as Request;

describe(intakeFlowOf.name, () => {
  const sut = intakeFlowOf;

  it.each([
    ['POST', '/v1/workplace-joins', undefined, 'workplace-join'],
    ['POST', '/v1/workplace-joins/', undefined, 'workplace-join'],
    ['POST', '/V1/Workplace-Joins', undefined, 'workplace-join'],
    ['DELETE', '/v1/workplace-joins/0f3b8e6c-a271-4556-9b72-a26cbd8090c8', undefined, 'workplace-leave'],
    ['DELETE', '/v1/workplace-joins/not-a-guid', undefined, 'workplace-leave'],
    ['POST', '/v1/bulk-enrollments', undefined, 'bulk-enrollment'],
    ['POST', '/v1/hooks/sccm', { action: 'workplace-join' }, 'workplace-join'],
    ['POST', '/v1/hooks/sccm', { action: 'leave' }, 'workplace-leave'],
    ['POST', '/v1/hooks/sccm', { action: 'bulk-enroll' }, 'bulk-enrollment'],
    ['POST', '/v1/hooks/sccm', { action: 'toString' }, 'unknown'],
    ['POST', '/v1/hooks/sccm', undefined, 'unknown'],
    ['POST', '/v1/hooks/sccm', 'not an object', 'unknown'],
    ['POST', '/EnrollmentServer/device/', undefined, 'workplace-join'],
    ['POST', '/enrollmentserver/device', undefined, 'workplace-join'],
    ['DELETE', '/EnrollmentServer/device/0f3b8e6c-a271-4556-9b72-a26cbd8090c8', undefined, 'workplace-leave'],
  ])('counts %s %s (body %j) as %s', (method, path, body, flow) => {
    expect(sut(request(method, path, body))).toBe(flow);
  });

  it.each([
    ['GET', '/v1/workplace-joins'],
    ['DELETE', '/v1/workplace-joins'],
    ['POST', '/v1/workplace-joins/x/y'],
    ['GET', '/v1/devices'],
    ['POST', '/v1/bulk-tokens'],
    ['POST', '/v1/provisioning-packages'],
    ['GET', '/v1/requests/0f3b8e6c-a271-4556-9b72-a26cbd8090c8'],
    ['POST', '/v1/workplace-joinsx'],
    ['GET', '/EnrollmentServer/contract'],
    ['POST', '/EnrollmentServer/Enrollment.svc'],
  ])('does not count %s %s: not a device endpoint', (method, path) => {
    expect(sut(request(method, path))).toBeUndefined();
  });
});
