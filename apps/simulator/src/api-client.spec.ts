import { ApiClient, errorOf, retryAfterMs } from './api-client';

describe(retryAfterMs.name, () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    { header: null, expected: undefined },
    { header: '', expected: undefined },
    { header: '7', expected: 7000 },
    { header: ' 0 ', expected: 0 },
    { header: 'Thu, 01 Jan 2026 00:00:30 GMT', expected: 30_000 },
    { header: 'Wed, 31 Dec 2025 23:59:00 GMT', expected: 0 },
    { header: 'soon', expected: undefined },
  ])('reads $header as $expected ms', ({ header, expected }) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});

describe(errorOf.name, () => {
  it.each([
    { answer: { status: 400, body: { error: { code: 'CSR_INVALID', message: 'bad' } } }, expected: { code: 'CSR_INVALID', message: 'bad' } },
    { answer: { status: 502, body: undefined }, expected: { code: 'HTTP_502', message: 'answered 502' } },
    { answer: { status: 500, body: { message: 'odd' } }, expected: { code: 'HTTP_500', message: 'answered 500' } },
  ])('gives $expected.code', ({ answer, expected }) => {
    expect(errorOf(answer)).toEqual(expected);
  });
});

describe(ApiClient.name, () => {
  it('spreads calls over its URLs in turn, without trailing slashes', () => {
    const sut = new ApiClient(['http://a:1/', 'http://b:2']);
    expect([sut.nextBase(), sut.nextBase(), sut.nextBase()]).toEqual(['http://a:1', 'http://b:2', 'http://a:1']);
    sut.close();
  });

  it.each([[[]], [['ftp://a']], [['not a url']]])('refuses %j', (urls) => {
    expect(() => new ApiClient(urls)).toThrow();
  });
});
