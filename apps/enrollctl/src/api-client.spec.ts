import { ApiClient, ApiError, ApiUnreachableError } from './api-client';
import { CliError } from './cli-error';

const KEY = 'admin-key-0123456789abcdef0123';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe(ApiClient.name, () => {
  const noSleep = async () => undefined;

  it('sends the admin key as a bearer token and JSON bodies, and reads JSON answers', async () => {
    const fetchImpl = jest.fn(async () => answer(201, { id: 'x' }));
    const sut = new ApiClient('http://api.test:3000/', KEY, fetchImpl as typeof fetch);
    await expect(sut.json('POST', '/v1/bulk-tokens', { body: { maxUses: 1 }, query: { a: 1, b: undefined } })).resolves.toEqual({ id: 'x' });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://api.test:3000/v1/bulk-tokens?a=1');
    expect(init.headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'content-type': 'application/json' });
    expect(init.body).toBe('{"maxUses":1}');
  });

  it.each([
    [
      'the API error',
      answer(401, { error: { code: 'ADMIN_KEY_INVALID', message: 'The admin API key is not valid' } }),
      'ADMIN_KEY_INVALID: The admin API key is not valid',
    ],
    ['an answer of another server', answer(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }), /^HTTP_502: /],
  ])('turns %s into an ApiError', async (_, response, message) => {
    const sut = new ApiClient('http://api.test', KEY, async () => response);
    const failure = sut.json('GET', '/v1/bulk-tokens');
    await expect(failure).rejects.toThrow(ApiError);
    await expect(failure).rejects.toThrow(message);
  });

  it('retries 429 after Retry-After, and a 503 only for what is safe to send again', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const busy = () => answer(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }, { 'retry-after': '2' });
    const unavailable = () => answer(503, { error: { code: 'STORE_UNAVAILABLE', message: 'try again' } });
    const calls = [busy(), answer(200, { ok: 1 }), unavailable()];
    const sut = new ApiClient('http://api.test', KEY, async () => calls.shift()!, sleep);
    await expect(sut.json('POST', '/v1/bulk-tokens', { body: {} })).resolves.toEqual({ ok: 1 });
    expect(waits).toEqual([2000]);
    await expect(sut.json('POST', '/v1/bulk-tokens', { body: {} })).rejects.toThrow('STORE_UNAVAILABLE');
  });

  it('reads a paged list to its end, page after page', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: i }));
    const fetchImpl = jest.fn(async (url: string) => {
      const query = new URL(url).searchParams;
      const offset = Number(query.get('offset'));
      return answer(200, { items: all.slice(offset, offset + Number(query.get('limit'))), total: all.length });
    });
    const sut = new ApiClient('http://api.test', KEY, fetchImpl as unknown as typeof fetch);
    await expect(sut.listAll('/v1/bulk-tokens', {}, 2)).resolves.toEqual(all);
    expect(fetchImpl).toHaveBeenCalledTimes(3);
  });

  it("sends a paged list's filters with every page", async () => {
    const fetchImpl = jest.fn(async (url: string) => answer(200, { items: new URL(url).searchParams.get('offset') === '0' ? [{ id: 1 }] : [], total: 2 }));
    const sut = new ApiClient('http://api.test', KEY, fetchImpl as unknown as typeof fetch);
    await expect(sut.listAll('/v1/devices', { user: 'alice@contoso.com', name: undefined })).resolves.toEqual([{ id: 1 }]);
    expect(fetchImpl.mock.calls.map(([url]) => url)).toEqual([
      'http://api.test/v1/devices?user=alice%40contoso.com&offset=0&limit=500',
      'http://api.test/v1/devices?user=alice%40contoso.com&offset=1&limit=500',
    ]);
  });

  it('gives up after three attempts', async () => {
    const fetchImpl = jest.fn(async () => answer(503, { error: { code: 'STORE_UNAVAILABLE', message: 'down' } }));
    const sut = new ApiClient('http://api.test', KEY, fetchImpl as typeof fetch, noSleep);
    await expect(sut.json('GET', '/v1/devices')).rejects.toThrow('STORE_UNAVAILABLE');
    expect(fetchImpl).toHaveBeenCalledTimes(3);
  });

  it('says in one line that the service cannot be reached', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const sut = new ApiClient('http://127.0.0.1:9', KEY, async () => Promise.reject(refused));
    const failure = sut.json('GET', '/v1/bulk-tokens');
    await expect(failure).rejects.toThrow(ApiUnreachableError);
    await expect(failure).rejects.toThrow(/^cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
  });

  it.each([
    ['a key with a line break', 'http://api.test', `${KEY}\n`, /admin key contains spaces, line breaks/],
    ['a URL that is not one', 'localhost:3000', KEY, /--url must be an http/],
    ['a URL with a password', 'http://admin:secret@api.test', KEY, /must not contain a user name or password/],
    ['text', 'not a url', KEY, /is not a URL/],
  ])('refuses %s without echoing the key', (_, url, key, message) => {
    const construct = () => new ApiClient(url, key);
    expect(construct).toThrow(CliError);
    expect(construct).toThrow(message);
    try {
      construct();
    } catch (error) {
      expect((error as Error).message).not.toContain(KEY);
    }
  });
});
