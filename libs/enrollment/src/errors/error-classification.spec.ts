import { ReplyError } from 'ioredis';
import { z } from 'zod';
import { IdentityProviderError } from '../identity/identity-provider.error';
import { classifyError, toEnrollmentError } from './error-classification';
import { EnrollmentError } from './enrollment-error';
import { ErrorCode } from './error-code';

const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:6379`), { code });
const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe(classifyError.name, () => {
  it.each<[string, unknown]>([
    ...['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND'].map((code) => [code, systemError(code)] as [string, unknown]),
    ['a system error wrapped by fetch', Object.assign(new TypeError('fetch failed'), { cause: systemError('ECONNREFUSED') })],
    ["ioredis's MaxRetriesPerRequestError", named('MaxRetriesPerRequestError', 'Reached the max retries per request limit')],
    ["ioredis's closed connection", new Error('Connection is closed.')],
    ...['LOADING', 'BUSY', 'TRYAGAIN', 'CLUSTERDOWN', 'MASTERDOWN'].map((reply) => [`Redis ${reply}`, new ReplyError(`${reply} not now`)] as [string, unknown]),
    ['AD FS answering 503', new IdentityProviderError('down', 503)],
    ['AD FS answering 429', new IdentityProviderError('slow down', 429)],
    ['AD FS not answering', new IdentityProviderError('no answer')],
    ['a transient EnrollmentError', EnrollmentError.transient(ErrorCode.StoreUnavailable, 'x')],
  ])('transient: %s', (_, error) => {
    expect(classifyError(error)).toBe('transient');
  });

  it.each<[string, unknown]>([
    ['a permanent EnrollmentError', EnrollmentError.permanent(ErrorCode.CsrMalformed, 'x')],
    ['a validation error', z.string().safeParse(1).error],
    ['AD FS answering 404', new IdentityProviderError('no such key set', 404)],
  ])('permanent: %s', (_, error) => {
    expect(classifyError(error)).toBe('permanent');
  });

  it.each<[string, unknown]>([
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a message that merely mentions ECONNREFUSED', new Error('upstream said ECONNREFUSED')],
    ['another Redis error reply', new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['a reply whose text, not code, says LOADING', new ReplyError('ERR LOADING')],
    ['an unknown system error code', systemError('ENOENT')],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('unknown (a bug): %s', (_, error) => {
    expect(classifyError(error)).toBe('unknown');
  });
});

describe(toEnrollmentError.name, () => {
  it('keeps an EnrollmentError, names a validation error VALIDATION_FAILED and anything else INTERNAL_ERROR', () => {
    const own = EnrollmentError.permanent(ErrorCode.CsrMalformed, 'x');
    expect(toEnrollmentError(own)).toBe(own);
    expect(toEnrollmentError(z.object({ upn: z.string() }).safeParse({}).error)).toMatchObject({ code: ErrorCode.ValidationFailed, permanent: true });
    expect(toEnrollmentError(new TypeError('boom'))).toMatchObject({ code: ErrorCode.Internal, message: 'boom', permanent: false });
  });
});
