import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@app/enrollment';
import { HTTP_STATUS, httpStatusOf } from './http-status';

describe(httpStatusOf.name, () => {
  it('gives every error code an HTTP status, and lists nothing else', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it.each(Object.values(ErrorCode))('answers %s with an error status', (code) => {
    expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
    expect(Object.values(HttpStatus)).toContain(httpStatusOf(code));
  });
});
