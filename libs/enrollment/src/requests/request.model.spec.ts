import { ErrorCode } from '../errors/error-code';
import { parseErrorCode } from './request.model';

describe(parseErrorCode.name, () => {
  it.each(Object.values(ErrorCode))('reads back %s as itself', (code) => {
    expect(parseErrorCode(code)).toBe(code);
  });

  it.each(['SOME_RETIRED_CODE', '', 'internal_error'])('reads an unknown stored code (%j) as INTERNAL_ERROR', (stored) => {
    expect(parseErrorCode(stored)).toBe(ErrorCode.Internal);
  });
});
