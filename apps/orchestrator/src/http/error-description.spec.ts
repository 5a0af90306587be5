import { ReplyError } from 'ioredis';
import { EnrollmentError, ErrorCode } from '@app/enrollment';
import { describeError } from './error-description';

describe(describeError.name, () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ["ioredis's MaxRetriesPerRequestError", Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' })],
    ["ioredis's closed connection", new Error('Connection is closed.')],
    ['Redis still loading', new ReplyError('LOADING Redis is loading the dataset in memory')],
  ])('answers 503 STORE_UNAVAILABLE for %s', (_, error) => {
    expect(describeError(error)).toMatchObject({ status: 503, code: ErrorCode.StoreUnavailable });
  });

  it('answers 500 INTERNAL_ERROR, saying nothing internal, for a bug even if its message names a socket error', () => {
    expect(describeError(new Error('ECONNREFUSED somewhere in the text'))).toEqual({
      status: 500,
      code: ErrorCode.Internal,
      message: 'An internal error occurred',
    });
  });

  it("answers an EnrollmentError with its code's status", () => {
    expect(describeError(EnrollmentError.permanent(ErrorCode.DeviceNotFound, 'no such device'))).toEqual({
      status: 404,
      code: ErrorCode.DeviceNotFound,
      message: 'no such device',
    });
  });
});
