import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { WirePlan } from './wire';

export type Header = [name: string, value: string];

/** A request as an endpoint row made it, before it is framed on the wire. */
export interface Draft {
  method: string;
  /** Path and query, as they go in the request line. */
  target: string;
  headers: Header[];
  body?: Buffer;
}

/** How a request goes on the wire: plain HTTP/1.1 most of the time, or one thing wrong with the framing. */
export interface Framing {
  /** A fixed name, so that findings group by it (details, such as sizes, are left out). */
  label: string;
  frame(draft: Draft, host: string): WirePlan;
}

const CRLF = '\r\n';

function head(requestLine: string, headers: Header[]): Buffer {
  return Buffer.from(`${requestLine}${CRLF}${headers.map(([name, value]) => `${name}: ${value}${CRLF}`).join('')}${CRLF}`, 'latin1');
}

/** Header lines as most clients write them: Host, the draft's headers, Content-Length of the body, Connection: close. */
function standardHeaders(draft: Draft, host: string, body: Buffer | undefined, extra: Header[] = []): Header[] {
  const headers: Header[] = [['Host', host], ...draft.headers, ...extra];
  if (body !== undefined) headers.push(['Content-Length', String(body.length)]);
  headers.push(['Connection', 'close']);
  return headers;
}

function plan(
  draft: Draft,
  host: string,
  options: { body?: Buffer; extra?: Header[]; requestLine?: string; replace?: (headers: Header[]) => Header[] } = {},
): WirePlan {
  const body = 'body' in options ? options.body : draft.body;
  let headers = standardHeaders(draft, host, body, options.extra);
  if (options.replace) headers = options.replace(headers);
  return { bytes: Buffer.concat([head(options.requestLine ?? `${draft.method} ${draft.target} HTTP/1.1`, headers), body ?? Buffer.alloc(0)]) };
}

const named = (name: string) => (header: Header) => header[0].toLowerCase() === name.toLowerCase();
const without = (name: string) => (headers: Header[]) => headers.filter((header) => !named(name)(header));
const setHeader = (name: string, value: string) => (headers: Header[]) => [...without(name)(headers), [name, value] as Header];
const bodyOrEmpty = (draft: Draft) => draft.body ?? Buffer.from('{}');

/** Framing that is right; the rest of this file is framing that is not. */
export const PLAIN: Framing = { label: 'plain', frame: (draft, host) => plan(draft, host) };

const framing = (label: string, frame: Framing['frame']): Framing => ({ label, frame });

const contentTypes = fc
  .constantFrom(
    'text/plain',
    'application/xml',
    'text/xml; charset=utf-8',
    'application/soap+xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=zz',
    'application/octet-stream',
    'APPLICATION/JSON',
    'application/json; charset=utf-8; charset=latin1',
    'application/json;;;',
    'application/*',
    '*/*',
    'application/json, text/plain',
    '',
    'application/vnd.api+json',
    'application/problem+json',
    'json',
    'application/json; boundary=--',
    'application/json; charset="utf-8"',
  )
  .map((type) => framing(`content-type: ${type || '(empty)'}`, (draft, host) => plan(draft, host, { replace: setHeader('Content-Type', type) })));

const noContentType = fc.constant(framing('content-type: none', (draft, host) => plan(draft, host, { replace: without('content-type') })));

const charsets = fc
  .constantFrom('latin1', 'iso-8859-1', 'utf-16', 'utf-16le', 'utf-16be', 'utf-7', 'utf-32', 'us-ascii', 'koi8-r', 'x-unknown', 'UTF-8', 'utf8', '')
  .map((charset) =>
    framing(`charset=${charset || '(empty)'}`, (draft, host) => {
      // UTF-16 is sent as UTF-16 (what the charset says); the others keep the body's bytes.
      const body =
        draft.body && /^utf-16(le)?$/.test(charset)
          ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(draft.body.toString('utf8'), 'utf16le')])
          : draft.body;
      return plan(draft, host, { body, replace: setHeader('Content-Type', `application/json; charset=${charset}`) });
    }),
  );

let bomb: Buffer | undefined;
const gzipBomb = () => (bomb ??= gzipSync(Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(4 * 1024 * 1024, 0x41), Buffer.from('"}')])));

const encoded = (label: string, encoding: string, encode: (body: Buffer) => Buffer) =>
  framing(`content-encoding: ${label}`, (draft, host) => plan(draft, host, { body: encode(bodyOrEmpty(draft)), extra: [['Content-Encoding', encoding]] }));

const encodings = fc.constantFrom(
  encoded('gzip (valid)', 'gzip', gzipSync),
  encoded('x-gzip (valid)', 'x-gzip', gzipSync),
  encoded('deflate (valid)', 'deflate', deflateSync),
  encoded('br (valid)', 'br', brotliCompressSync),
  encoded('GZIP upper case (valid)', 'GZIP', gzipSync),
  encoded('identity', 'identity', (body) => body),
  encoded('gzip (not gzip data)', 'gzip', (body) => body),
  encoded('gzip (truncated)', 'gzip', (body) => gzipSync(body).subarray(0, 12)),
  encoded('gzip (corrupt CRC)', 'gzip', (body) => {
    const data = Buffer.from(gzipSync(body));
    data[data.length - 6] ^= 0xff;
    return data;
  }),
  encoded('deflate (not deflate data)', 'deflate', (body) => body),
  encoded('br (not brotli data)', 'br', (body) => body),
  encoded('compress', 'compress', (body) => body),
  encoded('zstd', 'zstd', (body) => body),
  encoded('unknown token', 'x-fuzz', (body) => body),
  encoded('empty value', '', (body) => body),
  encoded('gzip, gzip (valid)', 'gzip, gzip', (body) => gzipSync(gzipSync(body))),
  encoded('gzip, gzip (single gzip)', 'gzip, gzip', gzipSync),
  encoded('deflate, gzip (valid)', 'deflate, gzip', (body) => gzipSync(deflateSync(body))),
  encoded('gzip, identity', 'gzip, identity', gzipSync),
  encoded('gzip bomb (4 MiB inflated)', 'gzip', () => gzipBomb()),
  framing('content-encoding: two headers', (draft, host) =>
    plan(draft, host, {
      body: gzipSync(bodyOrEmpty(draft)),
      extra: [
        ['Content-Encoding', 'gzip'],
        ['Content-Encoding', 'br'],
      ],
    }),
  ),
);

const oversized = fc.constantFrom(
  framing('oversized header: one of 20 KiB', (draft, host) => plan(draft, host, { extra: [['X-Fuzz', 'a'.repeat(20 * 1024)]] })),
  framing('oversized header: one of 70 KiB', (draft, host) => plan(draft, host, { extra: [['X-Fuzz', 'a'.repeat(70 * 1024)]] })),
  framing('oversized header: 3000 headers', (draft, host) => plan(draft, host, { extra: Array.from({ length: 3000 }, (_, i): Header => [`X-F${i}`, '1']) })),
  framing('oversized header: 12 KiB cookie', (draft, host) =>
    plan(draft, host, { extra: [['Cookie', Array.from({ length: 1200 }, (_, i) => `c${i}=vvvvv`).join('; ')]] }),
  ),
  framing('oversized header: 20 KiB URL', (draft, host) =>
    plan(draft, host, { requestLine: `${draft.method} ${draft.target}${draft.target.includes('?') ? '&' : '?'}pad=${'p'.repeat(20 * 1024)} HTTP/1.1` }),
  ),
  framing('oversized body: 200 KiB', (draft, host) => plan(draft, host, { body: Buffer.from(`{"pad":"${'x'.repeat(200 * 1024)}"}`) })),
  framing('oversized body: 64 KiB + 1 of whitespace', (draft, host) =>
    plan(draft, host, { body: Buffer.concat([bodyOrEmpty(draft), Buffer.alloc(64 * 1024 + 1, 0x20)]) }),
  ),
);

const withLength = (length: string) => (headers: Header[]) => setHeader('Content-Length', length)(headers);

const contentLengths = fc.constantFrom(
  framing('content-length: shorter than the body', (draft, host) => {
    const body = bodyOrEmpty(draft);
    return plan(draft, host, { body, replace: withLength(String(Math.max(0, body.length - 3))) });
  }),
  framing('content-length: longer than the body, then end of stream', (draft, host) => {
    const body = bodyOrEmpty(draft);
    return { ...plan(draft, host, { body, replace: withLength(String(body.length + 10)) }), endAfterWrite: true };
  }),
  framing('content-length: 10^12, then end of stream', (draft, host) => ({
    ...plan(draft, host, { body: bodyOrEmpty(draft), replace: withLength('999999999999') }),
    endAfterWrite: true,
  })),
  framing('content-length: not a number', (draft, host) => plan(draft, host, { body: bodyOrEmpty(draft), replace: withLength('12abc') })),
  framing('content-length: negative', (draft, host) => plan(draft, host, { body: bodyOrEmpty(draft), replace: withLength('-1') })),
  framing('content-length: two different values', (draft, host) => {
    const body = bodyOrEmpty(draft);
    return plan(draft, host, { body, replace: (headers) => [...headers, ['Content-Length', String(body.length + 1)]] });
  }),
  framing('content-length: with transfer-encoding chunked', (draft, host) => {
    const body = bodyOrEmpty(draft);
    return plan(draft, host, { body: chunked(body), replace: (headers) => [...headers, ['Transfer-Encoding', 'chunked']] });
  }),
);

/** The body in chunks of 7 bytes, chunked transfer coding. */
function chunked(body: Buffer, size = 7): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const chunk = body.subarray(i, i + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

const chunkedBody = (label: string, encode: (body: Buffer) => Buffer, endAfterWrite = false) =>
  framing(`chunked: ${label}`, (draft, host) => ({
    ...plan(draft, host, { body: encode(bodyOrEmpty(draft)), replace: (headers) => [...without('content-length')(headers), ['Transfer-Encoding', 'chunked']] }),
    endAfterWrite,
  }));

const chunkings = fc.constantFrom(
  chunkedBody('valid', (body) => chunked(body)),
  chunkedBody('bad chunk size', (body) => Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')])),
  chunkedBody('chunk size larger than the data, then end of stream', (body) => Buffer.concat([Buffer.from('ffff\r\n'), body]), true),
  chunkedBody('no last chunk, then end of stream', (body) => chunked(body).subarray(0, -5), true),
  chunkedBody('garbage extension', (body) =>
    Buffer.concat([Buffer.from(`${body.length.toString(16)};\u0001=\u0002\r\n`, 'latin1'), body, Buffer.from('\r\n0\r\n\r\n')]),
  ),
  chunkedBody('huge size', () => Buffer.from('fffffffffffffffff\r\nx\r\n0\r\n\r\n')),
  framing('transfer-encoding: gzip, chunked', (draft, host) =>
    plan(draft, host, {
      body: chunked(gzipSync(bodyOrEmpty(draft))),
      replace: (headers) => [...without('content-length')(headers), ['Transfer-Encoding', 'gzip, chunked']],
    }),
  ),
);

const aborts = fc.double({ min: 0, max: 0.95, noNaN: true }).map((fraction) =>
  framing('client abort mid-body', (draft, host) => {
    const body = draft.body && draft.body.length > 1 ? draft.body : Buffer.from(`{"pad":"${'x'.repeat(200)}"}`);
    const whole = plan(draft, host, { body });
    return { bytes: whole.bytes, cutAt: whole.bytes.length - body.length + Math.floor(body.length * fraction) };
  }),
);

const headerBytes = fc.constantFrom(
  framing('header chars: NUL in a value', (draft, host) => plan(draft, host, { extra: [['X-Fuzz', 'a\u0000b']] })),
  framing('header chars: bare CR in a value', (draft, host) => plan(draft, host, { extra: [['X-Fuzz', 'a\rb']] })),
  framing('header chars: obsolete line folding', (draft, host) => plan(draft, host, { extra: [['X-Fuzz', 'a\r\n folded']] })),
  framing('header chars: latin1 bytes in a value', (draft, host) => plan(draft, host, { extra: [['X-Fuzz', '\u00ff\u00e9\u0080']] })),
  framing('header chars: space before the colon', (draft, host) => plan(draft, host, { extra: [['X-Fuzz ', 'x']] })),
  framing('header chars: line without a colon', (draft, host) => plan(draft, host, { extra: [['X-Fuzz-No-Colon\r\nX-Other', 'x']] })),
  framing('header chars: empty name', (draft, host) => plan(draft, host, { extra: [['', 'x']] })),
  framing('header chars: hostile Host', (draft, host) => plan(draft, host, { replace: setHeader('Host', 'evil.example:99999/../') })),
);

const requestLines = fc.constantFrom(
  framing('request line: HTTP/1.0', (draft, host) => plan(draft, host, { requestLine: `${draft.method} ${draft.target} HTTP/1.0` })),
  framing('request line: lower-case method', (draft, host) => plan(draft, host, { requestLine: `${draft.method.toLowerCase()} ${draft.target} HTTP/1.1` })),
  framing('request line: unknown method', (draft, host) => plan(draft, host, { requestLine: `FUZZ ${draft.target} HTTP/1.1` })),
  framing('request line: other known method', (draft, host) =>
    plan(draft, host, { requestLine: `${draft.method === 'PATCH' ? 'PUT' : 'PATCH'} ${draft.target} HTTP/1.1` }),
  ),
  framing('request line: absolute-form target', (draft, host) =>
    plan(draft, host, { requestLine: `${draft.method} http://evil.example${draft.target} HTTP/1.1` }),
  ),
  framing('request line: HTTP/2.0', (draft, host) => plan(draft, host, { requestLine: `${draft.method} ${draft.target} HTTP/2.0` })),
  framing('request line: no version', (draft, host) => plan(draft, host, { requestLine: `${draft.method} ${draft.target}` })),
  framing('request line: fragment in target', (draft, host) => plan(draft, host, { requestLine: `${draft.method} ${draft.target}#frag HTTP/1.1` })),
  framing('request line: no Host header', (draft, host) => plan(draft, host, { replace: without('host') })),
  framing('request line: two Host headers', (draft, host) => plan(draft, host, { replace: (headers) => [...headers, ['Host', 'other.example']] })),
);

const oddHeaders = fc.constantFrom<Header[]>(
  [['Expect', '100-continue']],
  [['Expect', 'fuzz']],
  [['X-Forwarded-For', '1.1.1.1, <script>, ::ffff:999.1.1.1']],
  [['Accept', 'application/xml;q=2, */*;q=-1']],
  [['Accept-Encoding', 'br;q=2, gzip;q=NaN, *']],
  [['Accept-Charset', 'utf-7']],
  [['Last-Event-ID', '1-0\r']],
  [['Range', 'bytes=0-0,5-2,-1']],
  [
    ['If-None-Match', '*'],
    ['If-Modified-Since', 'yesterday'],
  ],
  [['Transfer-Encoding', 'identity']],
  [
    ['Origin', 'null'],
    ['Access-Control-Request-Method', 'DELETE'],
  ],
  [['X-HTTP-Method-Override', 'DELETE']],
);
const extraHeaders = oddHeaders.map((extra) =>
  framing(`extra headers: ${extra.map(([name]) => name).join(', ')}`, (draft, host) => plan(draft, host, { extra })),
);

/**
 * Framing of one request: plain most of the time, otherwise one fault of content type, charset, content
 * coding, size, Content-Length, chunking, header bytes or request line; or a client that hangs up mid-body.
 */
export const framingArbitrary: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 60, arbitrary: fc.constant(PLAIN) },
  { weight: 4, arbitrary: contentTypes },
  { weight: 1, arbitrary: noContentType },
  { weight: 4, arbitrary: charsets },
  { weight: 7, arbitrary: encodings },
  { weight: 3, arbitrary: oversized },
  { weight: 4, arbitrary: contentLengths },
  { weight: 3, arbitrary: chunkings },
  { weight: 3, arbitrary: aborts },
  { weight: 2, arbitrary: headerBytes },
  { weight: 3, arbitrary: requestLines },
  { weight: 3, arbitrary: extraHeaders },
);
