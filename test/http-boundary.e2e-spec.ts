import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { TestService } from './support/service';

interface RawAnswer {
  status: number;
  body: any;
}

/** One request with exactly these headers and bytes, as a hostile client would send them. */
function send(baseUrl: string, path: string, headers: Record<string, string>, body: Buffer | string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}${path}`, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : undefined });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the HTTP boundary against malformed bodies', () => {
  const service = new TestService('boundary');
  const json = '{"deviceId":"0f3b8e6c-a271-4556-9b72-a26cbd8090c8"}';

  beforeAll(() => service.start(0));
  afterAll(() => service.stop());

  it.each([
    ['a charset other than UTF-8', 415, 'CHARSET_UNSUPPORTED', { 'content-type': 'application/json; charset=latin1' }, json],
    ['Content-Encoding compress', 415, 'CONTENT_ENCODING_UNSUPPORTED', { 'content-encoding': 'compress' }, json],
    ['an unknown Content-Encoding', 415, 'CONTENT_ENCODING_UNSUPPORTED', { 'content-encoding': 'x-zip' }, json],
    ['a doubled Content-Encoding', 415, 'CONTENT_ENCODING_UNSUPPORTED', { 'content-encoding': 'gzip, gzip' }, gzipSync(gzipSync(json))],
    ['an invalid gzip body', 400, 'BODY_UNREADABLE', { 'content-encoding': 'gzip' }, Buffer.from('not gzip at all')],
    ['an invalid brotli body', 400, 'BODY_UNREADABLE', { 'content-encoding': 'br' }, Buffer.from('not brotli at all')],
    ['a gzip body that is not JSON', 400, 'VALIDATION_FAILED', { 'content-encoding': 'gzip' }, gzipSync('{"deviceId":')],
  ])('answers %s with %i %s, before authenticating anything', async (_, status, code, headers, body) => {
    const answer = await send(service.baseUrl, '/v1/workplace-joins', { 'content-type': 'application/json', ...headers }, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toEqual(expect.any(String));
  });

  it('reads a well-formed compressed body as the JSON it holds', async () => {
    const answer = await send(
      service.baseUrl,
      '/v1/workplace-joins',
      { 'content-type': 'application/json', 'content-encoding': 'br' },
      brotliCompressSync(json),
    );
    // The body was read: what stops it is the missing credential, not the encoding.
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('TOKEN_MISSING');
  });

  it('answers a path that cannot be decoded with 400, not 500', async () => {
    const response = await fetch(`${service.baseUrl}/v1/requests/%E0%A4%A`, { headers: { authorization: `Bearer ${service.adminKey}` } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
  });

  it('logs no error for a client that sends half a body and hangs up, and keeps serving', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(new URL(service.baseUrl).port), '127.0.0.1', () => {
        socket.write('POST /v1/workplace-joins HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":');
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });
    const answer = await send(service.baseUrl, '/v1/workplace-joins', { 'content-type': 'application/json' }, json);
    expect(answer.status).toBe(401);
    const errors = service.orchestrator.lines.filter((line) => line.includes('"level":"error"'));
    expect(errors).toEqual([]);
  });
});
